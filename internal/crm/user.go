package crm

import (
	"context"
	"strings"
	"time"
)

// Role is what a staff user may do.
type Role string

// Roles, from most to least powerful.
const (
	RoleAdmin  Role = "admin"  // everything, including users and settings
	RoleStaff  Role = "staff"  // read and write customer data
	RoleViewer Role = "viewer" // read only
)

// ParseRole returns the role named s (case-insensitive) or an EINVALID error.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case RoleAdmin, RoleStaff, RoleViewer:
		return r, nil
	}
	return "", Errorf(EINVALID, "role %q: must be admin, staff or viewer", s)
}

// rank orders the roles so that a higher role includes the lower ones.
func (r Role) rank() int {
	switch r {
	case RoleAdmin:
		return 3
	case RoleStaff:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}

// Includes reports whether r grants everything min grants.
func (r Role) Includes(min Role) bool { return r.rank() >= min.rank() && min.rank() > 0 }

// User is a staff user of the web application and the API.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name,omitempty"`
	Role      Role      `json:"role"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	// OwnAccountsOnly restricts the user to the accounts they own: those
	// whose owner is their email, their name or OwnerName (see Scope).
	// Admins are never restricted.
	OwnAccountsOnly bool `json:"own_accounts_only"`
	// OwnerName is one more name the accounts' owner column gives the user
	// (a first name, a user id of the CRM the accounts came from); may be
	// empty.
	OwnerName string `json:"owner_name,omitempty"`
	// ProductManager: the portal's spaces name them to the customers as
	// their product managers, and their posts carry the title.
	ProductManager bool `json:"product_manager"`
}

// Scope is the customer data u may see: their own accounts when
// OwnAccountsOnly, else every account.
func (u User) Scope() Scope {
	if u.OwnAccountsOnly {
		return u.Own()
	}
	return AllAccounts()
}

// Own is the scope of the accounts u owns: those whose owner is u's
// email, name or OwnerName (the "my accounts" of the lists, and the scope
// of a user with OwnAccountsOnly).
func (u User) Own() Scope { return OwnedBy(u.Email, u.Name, u.OwnerName) }

// Actor is who performs an operation: a signed-in user, the local operator
// of the command line, who has full rights over the database file, the
// background work of the server, or (to come) a customer's contact in the
// portal.
type Actor struct {
	UserID int64  // 0 for the operator
	Name   string // shown in the audit log: the user's email, or "cli"
	Role   Role
	// Scope is the customer data the actor may read and change; the zero
	// Scope allows none.
	Scope Scope
	// ContactID is the portal contact the actor is (0 for staff), and
	// Tier the tier of the contact's account when the request began
	// (the portal's spaces are granted to tiers).
	ContactID int64
	Tier      string
}

// Operator is the actor of command-line work on a database the caller can
// open anyway.
var Operator = Actor{Name: "cli", Role: RoleAdmin, Scope: AllAccounts()}

// System is the actor of background work that computes for every user
// (the web's analytics snapshot): it reads every account and may change
// nothing.
var System = Actor{Name: "system", Role: RoleViewer, Scope: AllAccounts()}

// Rules is the actor of the standing rules the server runs by itself (the
// survey with each final invoice): a member of staff who sees every
// account, named in the audit log.
var Rules = Actor{Name: "rules", Role: RoleStaff, Scope: AllAccounts()}

// ActorOf returns the actor of u.
func ActorOf(u User) Actor { return Actor{UserID: u.ID, Name: u.Email, Role: u.Role, Scope: u.Scope()} }

// ContactActor is the actor of a customer's contact signed in to the
// portal: it reads what a viewer reads, of account accountID alone.
func ContactActor(email string, accountID int64) Actor {
	return Actor{Name: email, Role: RoleViewer, Scope: OneAccount(accountID)}
}

// PortalActor is the actor of portal contact c, whose account is in tier
// (A, B, C, or "" when it has none now).
func PortalActor(c PortalContact, tier string) Actor {
	a := ContactActor(c.Email, c.AccountID)
	a.ContactID, a.Tier = c.ContactID, tier
	return a
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx; ok is false when there is none.
func ActorFrom(ctx context.Context) (a Actor, ok bool) {
	a, ok = ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// Require returns the actor in ctx when it holds at least role min:
// EUNAUTHORIZED when ctx has no actor, EFORBIDDEN when its role is lower.
func Require(ctx context.Context, min Role) (Actor, error) {
	a, ok := ActorFrom(ctx)
	if !ok {
		return Actor{}, Errorf(EUNAUTHORIZED, "sign in first")
	}
	if !a.Role.Includes(min) {
		return Actor{}, Errorf(EFORBIDDEN, "this needs the %s role", min)
	}
	return a, nil
}
