package web

import (
	"context"

	"github.com/vitalfew/vitalfew/internal/crm"
)

// Who sees which accounts on the pages. The store keeps each request to
// the scope of its signed-in user (crm.Scope, taken from the context wrap
// puts the user's actor into). The analytics snapshot, computed once for
// everyone as crm.System, holds every account: the pages that show its
// per-account rows keep those the user's scope allows, by the same rule
// (crm.Scope.Allows on the account's owner), and show its figures for the
// whole business only to users who see every account.

// scopeOf returns the scope of the request's actor; none without one.
func scopeOf(ctx context.Context) crm.Scope {
	a, ok := crm.ActorFrom(ctx)
	if !ok {
		return crm.Scope{}
	}
	return a.Scope
}

// visible reports whether sc allows the snapshot's account id.
func (s *snapshot) visible(sc crm.Scope, id int64) bool {
	if sc.All() {
		return true
	}
	r, ok := s.account(id)
	return ok && sc.Allows(id, r.Owner)
}

// visibleRows returns the xs whose account sc allows, in order; xs itself
// when sc allows every account.
func visibleRows[T any](s *snapshot, sc crm.Scope, xs []T, account func(T) int64) []T {
	if sc.All() {
		return xs
	}
	var out []T
	for _, x := range xs {
		if s.visible(sc, account(x)) {
			out = append(out, x)
		}
	}
	return out
}
