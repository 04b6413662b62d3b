package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// audited returns the audit entries of entity id, oldest first.
func audited(t *testing.T, st *store.Store, entity string, id int64) []store.AuditEntry {
	t.Helper()
	es, _, err := st.Audit(crm.WithActor(context.Background(), crm.Operator), store.AuditFilter{Entity: entity, EntityID: id})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	return es
}

func field(t *testing.T, raw json.RawMessage, key string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("audit JSON %s: %v", raw, err)
	}
	return m[key]
}
