package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// TestMaturityPage: the page sets the claimed stage against the measured
// one (the fixture has no mentions: none measured); an admin answers the
// self-assessment, a viewer may not.
func TestMaturityPage(t *testing.T) {
	f := newFixture(t)
	admin, viewer := f.client(t, crm.RoleAdmin), f.client(t, crm.RoleViewer)
	if code, body := get(t, viewer, f.ts.URL+"/social-maturity"); code != http.StatusOK || !strings.Contains(body, "Claimed: none · measured: none") ||
		!strings.Contains(body, `name="familiar" value="yes" disabled`) {
		t.Fatalf("the page: %d %s", code, mainOf(body))
	}
	if res, _ := viewer.PostForm(f.ts.URL+"/social-maturity", url.Values{"familiar": {"yes"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("viewer: %d", res.StatusCode)
	}
	res, err := admin.PostForm(f.ts.URL+"/social-maturity", url.Values{"familiar": {"yes"}, "present": {"yes"}, "integrated": {"yes"}})
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %v %v", res, err)
	}
	set, err := f.st.Settings(crm.WithActor(context.Background(), crm.Operator))
	if err != nil || set.SocialSelfAssessment != [4]bool{true, true, false, true} {
		t.Errorf("stored %v %v", set.SocialSelfAssessment, err)
	}
	if _, body := get(t, admin, f.ts.URL+"/social-maturity"); !strings.Contains(body, "Claimed: present · measured: none") || !strings.Contains(body, "✗ mentions from at least one platform") {
		t.Errorf("after saving: %s", mainOf(body))
	}
}
