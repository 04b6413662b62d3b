package web

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// TestBrowserCareFlow takes a complaint in through the API and, in a real
// browser, finds it overdue at the top of the care queue, assigns it,
// answers and resolves it, and sees the queue and the figures change.
func TestBrowserCareFlow(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	base := f.ts.URL
	posted := time.Now().UTC().Add(-100 * time.Hour).Format(time.RFC3339)
	token := f.token(t, crm.RoleStaff)
	code, body := f.postJSON(t, token, "/api/v1/mentions", `[
		{"platform":"x","id":"c-1","author_handle":"@late_parts","text":"Third week without the spare part. Terrible service, nobody answers! `+strings.ReplaceAll(hostile, `"`, `\"`)+`","posted_at":"`+posted+`"},
		{"platform":"x","id":"c-2","author_handle":"@happy","text":"Thanks for the quick delivery, great team!","posted_at":"`+posted+`"}]`)
	if code != 200 {
		t.Fatalf("intake: %d %s", code, body)
	}
	ms, _, err := f.st.ListMentions(crm.WithActor(context.Background(), crm.Operator), store.MentionQuery{Care: crm.CareOpen})
	if err != nil || len(ms) != 1 {
		t.Fatalf("open mentions: %v %v", ms, err)
	}
	item := "#m" + strconv.FormatInt(ms[0].ID, 10)
	staffID := strconv.FormatInt(f.users[crm.RoleStaff].ID, 10)
	var (
		overdue, flag, text, assignee, queue, unknownRow string
		scripts                                          int
	)
	// A form post navigates; RunResponse waits for the page it leads to.
	// The form is submitted as pressing its button would, without mouse
	// coordinates, which a busy machine can shift between measuring and
	// clicking (a click that misses would leave RunResponse waiting).
	submit := func(sel string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.RunResponse(ctx, chromedp.Submit(sel))
			return chromedp.Void{}, err
		}
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/care"),
		chromedp.WaitVisible(`input[name=email]`),
		chromedp.SendKeys(`input[name=email]`, "staff@example.com"),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(`#queue`),
		into(&overdue, chromedp.Text(`#overdue-total`)),
		into(&flag, chromedp.Text(item+` .overdue-flag`)),
		into(&text, chromedp.Text(item+` blockquote`)),
		into(&scripts, chromedp.Evaluate[int](`document.querySelectorAll('#queue script, #queue img').length`)),
		screenshot("care-queue"),
		// The item's forms are folded away under "Assign or answer".
		chromedp.Click(item+` summary`),
		chromedp.WaitVisible(item+` select[name=assignee]`),
		chromedp.SetValue(item+` select[name=assignee]`, staffID),
		submit(item+` form:has(select[name=assignee]) button`),
		chromedp.WaitVisible(item+` .assignee`),
		into(&assignee, chromedp.Text(item+` .assignee`)),
		chromedp.Click(item+` summary`),
		chromedp.WaitVisible(item+` textarea[name=note]`),
		chromedp.SendKeys(item+` textarea[name=note]`, "Called the customer; part ships today."),
		chromedp.Click(item+` input[name=resolve]`),
		submit(item+` form:has(textarea) button`),
		chromedp.WaitVisible(`#queue`),
		into(&queue, chromedp.Text(`#queue`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The queue shows the resolved mention gone at once; the figures by
	// tier follow once they are worked out again.
	settled(t, f.client(t, crm.RoleViewer), base)
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/care"),
		chromedp.WaitVisible(`#queue`),
		into(&unknownRow, chromedp.Text(`#care-tiers tbody tr:last-child`)),
		screenshot("care-resolved"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if overdue != "1" || flag != "overdue" {
		t.Errorf("overdue: %q, flag %q", overdue, flag)
	}
	if !strings.Contains(text, `<script>alert("x")</script>`) || scripts != 0 {
		t.Errorf("the mention text must show as text, not run: %q (%d script/img elements)", text, scripts)
	}
	if assignee != "STAFF" {
		t.Errorf("assignee %q", assignee)
	}
	if !strings.Contains(queue, "The queue is empty") {
		t.Errorf("queue after resolving: %q", queue)
	}
	// unknown: needed an answer 1, answered 1, resolved 1, 100%.
	if f := strings.Fields(unknownRow); len(f) < 6 || f[0] != "unknown" || f[2] != "1" || f[3] != "1" || f[4] != "1" || f[5] != "100.0%" {
		t.Errorf("unknown tier's figures: %q", unknownRow)
	}
	m, err := f.st.Mention(crm.WithActor(context.Background(), crm.Operator), ms[0].ID)
	if err != nil || m.Care != crm.CareResolved || m.ReplyNote != "Called the customer; part ships today." || m.AssigneeID != f.users[crm.RoleStaff].ID {
		t.Errorf("stored: %+v %v", m, err)
	}
}

// TestBrowserFiguresReload: a page served with the previous figures says
// they are being updated, and reloads itself, in a real browser, once the
// new ones are there.
func TestBrowserFiguresReload(t *testing.T) {
	f := newFixture(t)
	ctx := browser(t)
	base := f.ts.URL
	var banner string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`input[name=email]`),
		chromedp.SendKeys(`input[name=email]`, "staff@example.com"),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitReady(`header details.menu`), // signed in: the sign-in page has a main h1 too
	)
	if err != nil {
		t.Fatal(err)
	}
	settled(t, f.client(t, crm.RoleViewer), base)
	// The refresh waits until the page has been seen saying so: otherwise
	// app.js could reload it before the browser is asked what it shows.
	release := make(chan struct{})
	f.srv.insight.mu.Lock()
	f.srv.insight.hold = release
	f.srv.insight.mu.Unlock()
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	t.Cleanup(free)
	staff := crm.WithActor(context.Background(), crm.ActorOf(f.users[crm.RoleStaff]))
	if _, err := f.st.CreateTouchpoint(staff, crm.Touchpoint{AccountID: f.accountID, Kind: "call", Department: "support",
		Subject: "Escalation", EffortMinutes: 600, OccurredAt: time.Now().UTC()}); err != nil {
		t.Fatal(err)
	}
	var left bool
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(`.updating`),
		into(&banner, chromedp.Text(`.updating`)),
		chromedp.Action[chromedp.Void](func(context.Context, *chromedp.Target) (chromedp.Void, error) { free(); return chromedp.Void{}, nil }),
		chromedp.WaitNotPresent(`.updating`), // app.js reloads the page when GET /figures says so
		chromedp.WaitVisible(`main h1`),
		into(&left, chromedp.Evaluate[bool](`document.querySelector('[data-figures]') === null`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(banner, "updating") || !left {
		t.Errorf("banner %q; gone after the reload: %v", banner, left)
	}
}
