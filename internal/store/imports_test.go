package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/store"
)

// imports runs one small import of each kind with opt: the seven ways data
// gets in. Order lines and shipments name RE-1, which orders() writes.
func imports(st *store.Store, opt crm.ImportOptions) map[string]func(ctx context.Context) (crm.ImportSummary, error) {
	return map[string]func(ctx context.Context) (crm.ImportSummary, error){
		"accounts": func(ctx context.Context) (crm.ImportSummary, error) {
			return st.ImportAccounts(ctx, []crm.AccountRecord{{Line: 2, Account: crm.Account{ExternalID: "K7", Name: "Zeta AG"}}}, opt)
		},
		"contacts": func(ctx context.Context) (crm.ImportSummary, error) {
			return st.ImportContacts(ctx, []crm.ContactRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "K7", Name: "Zeta AG"},
				Contact: crm.Contact{Name: "Ida", Identities: []crm.Identity{{Kind: crm.IdentityEmail, Value: "ida@zeta.example"}}}}}, opt)
		},
		"orders": func(ctx context.Context) (crm.ImportSummary, error) { return st.ImportOrders(ctx, orders(), opt) },
		"order-lines": func(ctx context.Context) (crm.ImportSummary, error) {
			return st.ImportOrderLines(ctx, []crm.OrderLineRecord{{Line: 2, OrderExternalID: "RE-1", SKU: "P1",
				OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: cents(100), Amount: cents(100)}}}, opt)
		},
		"touchpoints": func(ctx context.Context) (crm.ImportSummary, error) {
			return st.ImportTouchpoints(ctx, []crm.TouchpointRecord{{Line: 2, Account: crm.AccountRef{ExternalID: "K7"},
				Touchpoint: crm.Touchpoint{ExternalID: "T1", Kind: "call", Department: "sales", OccurredAt: day("2024-02-01"), EffortMinutes: 5}}}, opt)
		},
		"mentions": func(ctx context.Context) (crm.ImportSummary, error) {
			return st.ImportMentions(ctx, []crm.MentionRecord{mention(2, "x", "m1", "ida", "", "Thanks, Zeta!", 0.5)}, opt)
		},
		"shipments": func(ctx context.Context) (crm.ImportSummary, error) {
			return st.ImportShipments(ctx, []crm.ShipmentRecord{shipment(2, "RE-1", "00340434161234567890", "DHL", "", "2024-01-06", "", crm.ShipmentShipped)}, opt)
		},
	}
}

// kinds is the order the imports of imports() can run in.
var kinds = []string{"accounts", "contacts", "orders", "order-lines", "touchpoints", "mentions", "shipments"}

// importAudit returns the audit log's import entries.
func importAudit(t *testing.T, st *store.Store) []store.AuditEntry {
	t.Helper()
	es, _, err := st.Audit(crm.WithActor(context.Background(), crm.Operator), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []store.AuditEntry
	for _, e := range es {
		if e.Action == "import" {
			out = append(out, e)
		}
	}
	return out
}

// TestImportsRequireStaff: without an actor, or as a viewer, every import is
// refused and writes nothing.
func TestImportsRequireStaff(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		viewer := crm.WithActor(context.Background(), crm.Actor{UserID: 0, Name: "viewer@example.com", Role: crm.RoleViewer, Scope: crm.AllAccounts()})
		for _, kind := range kinds {
			run := imports(st, crm.ImportOptions{File: kind + ".csv"})[kind]
			if _, err := run(context.Background()); crm.ErrorCode(err) != crm.EUNAUTHORIZED {
				t.Errorf("%s without an actor: err = %v, want %s", kind, err, crm.EUNAUTHORIZED)
			}
			if _, err := run(viewer); crm.ErrorCode(err) != crm.EFORBIDDEN {
				t.Errorf("%s as a viewer: err = %v, want %s", kind, err, crm.EFORBIDDEN)
			}
		}
		if v, err := st.Versions(context.Background()); err != nil || v != (store.Versions{}) {
			t.Errorf("data versions after refused imports = %s (%v), want all 0: nothing imported, nothing audited", v, err)
		}
		if dir, err := st.Directory(crm.WithActor(context.Background(), crm.Operator)); err != nil || len(dir) != 0 {
			t.Errorf("refused imports wrote accounts: %v %v", dir, err)
		}
	})
}

// TestImportsAuditedInTheirTransaction: each import writes one audit entry
// naming the actor, the kind, the file and what it did, in its own
// transaction: dry runs and failed imports leave none.
func TestImportsAuditedInTheirTransaction(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		staff := crm.WithActor(context.Background(), crm.Actor{Name: "staff@example.com", Role: crm.RoleStaff, Scope: crm.AllAccounts()})
		sums := map[string]crm.ImportSummary{}
		for _, kind := range kinds {
			sum, err := imports(st, crm.ImportOptions{File: kind + ".csv"})[kind](staff)
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			sums[kind] = sum
		}
		es := importAudit(t, st)
		if len(es) != len(kinds) {
			t.Fatalf("%d import audit entries, want %d: %+v", len(es), len(kinds), es)
		}
		for _, e := range es {
			want, ok := sums[e.Entity]
			if !ok || e.Actor != "staff@example.com" {
				t.Errorf("audit entry %+v: want one per kind, by staff@example.com", e)
				continue
			}
			delete(sums, e.Entity)
			var after struct {
				File    string
				Summary crm.ImportSummary
			}
			if err := json.Unmarshal(e.After, &after); err != nil {
				t.Fatalf("%s: %v: %s", e.Entity, err, e.After)
			}
			if after.File != e.Entity+".csv" || after.Summary.Inserted != want.Inserted || after.Summary.Inserted == 0 ||
				after.Summary.AccountsCreated != want.AccountsCreated {
				t.Errorf("%s: audit says %s, want file %s.csv and %+v", e.Entity, e.After, e.Entity, want)
			}
		}

		// Dry runs leave none.
		for _, kind := range kinds {
			if _, err := imports(st, crm.ImportOptions{File: kind + ".csv", DryRun: true})[kind](staff); err != nil {
				t.Fatalf("%s dry run: %v", kind, err)
			}
		}
		if n := len(importAudit(t, st)); n != len(kinds) {
			t.Fatalf("%d import audit entries after dry runs, want %d", n, len(kinds))
		}

		// A failed import — a row error found inside the transaction, a
		// record over a limit, an order line naming no stored invoice —
		// leaves nothing, its audit entry neither.
		before, _ := st.Versions(context.Background())
		bad := orders()
		bad[2].Account = crm.AccountRef{ExternalID: "K404"}
		if _, err := st.ImportOrders(staff, bad, crm.ImportOptions{File: "bad.csv", Strict: true}); crm.ErrorCode(err) != crm.EINVALID {
			t.Fatalf("strict import naming an unknown customer: err = %v, want %s", err, crm.EINVALID)
		}
		bad = orders()
		bad[1].Order.Amount = crm.MaxMoney + 1
		if _, err := st.ImportOrders(staff, bad, crm.ImportOptions{File: "bad.csv"}); crm.ErrorCode(err) != crm.EINVALID {
			t.Fatalf("an amount over the limit: err = %v, want %s", err, crm.EINVALID)
		}
		_, err := st.ImportOrderLines(staff, []crm.OrderLineRecord{
			{Line: 2, OrderExternalID: "RE-2", SKU: "P2", OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: cents(50), Amount: cents(50)}},
			{Line: 3, OrderExternalID: "RE-404", SKU: "P2", OrderLine: crm.OrderLine{LineNo: 1, Quantity: 1, UnitPrice: cents(1), Amount: cents(1)}},
		}, crm.ImportOptions{File: "bad-lines.csv"})
		if crm.ErrorCode(err) != crm.EINVALID {
			t.Fatalf("order lines naming an unknown invoice: err = %v, want %s", err, crm.EINVALID)
		}
		if after, _ := st.Versions(context.Background()); after != before {
			t.Errorf("failed imports changed the data version %s -> %s (an import or audit entry was written)", before, after)
		}
		if n := len(importAudit(t, st)); n != len(kinds) {
			t.Errorf("%d import audit entries after failed imports, want %d", n, len(kinds))
		}
	})
}

func TestImportIsAtomic(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := crm.WithActor(context.Background(), crm.Operator)
		recs := orders()
		recs = append(recs, crm.OrderRecord{Line: 6, Account: crm.AccountRef{ExternalID: "K9"}, Order: crm.Order{ExternalID: "RE-9", OrderedAt: day("2024-05-01"), Amount: cents(1)}})
		if _, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs[:1], crm.ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		_, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{File: "o.csv", Strict: true})
		var rowErrs crm.RowErrors
		if !errors.As(err, &rowErrs) {
			t.Fatalf("strict import of unknown accounts: err = %v, want row errors", err)
		}
		if got := rowErrs.Error(); !strings.HasPrefix(got, `o.csv:3: customer: unknown account "K2" (--strict)`) {
			t.Fatalf("error = %q", got)
		}
		rev, err := st.RevenueByAccount(ctx, day("2000-01-01"), day("2030-01-01"))
		if err != nil {
			t.Fatal(err)
		}
		if len(rev) != 1 || rev[0].Revenue != cents(100) {
			t.Fatalf("after a refused import: %v, want only the first order", rev)
		}
		// Skip-invalid imports the good rows and returns the bad ones.
		sum, err := st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{File: "o.csv", Strict: true, SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rejected != 2 || sum.Inserted != 2 || sum.Unchanged != 1 || len(sum.Rejects) != 2 {
			t.Fatalf("skip-invalid: %+v", sum)
		}
		// A dry run writes nothing.
		sum, err = st.ImportOrders(crm.WithActor(ctx, crm.Operator), recs, crm.ImportOptions{DryRun: true})
		if err != nil || sum.Inserted != 2 || sum.AccountsCreated != 2 {
			t.Fatalf("dry run: %+v %v", sum, err)
		}
		rev, _ = st.RevenueByAccount(ctx, day("2000-01-01"), day("2030-01-01"))
		if len(rev) != 1 || rev[0].Revenue != cents(95) {
			t.Fatalf("dry run wrote: %v", rev)
		}
	})
}
