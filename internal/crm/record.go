package crm

// The records below are what the importers (internal/ingest, internal/demo)
// hand to the store: one validated input row each, with its line number and
// the account named the way the file names it. The store resolves AccountRef
// to an account inside the import transaction.

// AccountRef names an account as an input row does: by the file's customer
// id, by name, or by a contact email whose domain identifies the company.
// Resolution order: ExternalID, then email domain (not for free-mail
// domains), then normalised name.
type AccountRef struct {
	ExternalID string
	Name       string
	Email      string
}

// IsZero reports whether the reference names nothing.
func (r AccountRef) IsZero() bool { return r.ExternalID == "" && r.Name == "" && r.Email == "" }

// AccountRecord is one row of an accounts file.
type AccountRecord struct {
	Line       int
	Account    Account // ExternalID is the file's customer id ("" when absent)
	Email      string  // a company email, used for the domain when Domain is empty
	ReferredBy AccountRef
	// ReferralCode is the code of the contact who referred the account
	// ("" when none): it makes ReferredBy the code's account.
	ReferralCode string
}

// ContactRecord is one row of a contacts file. Contacts de-duplicate by
// normalised email.
type ContactRecord struct {
	Line    int
	Account AccountRef
	Contact Contact
}

// OrderRecord is one row of an orders (invoices) file. Order.ExternalID is
// the invoice number, or a content key when the file has none.
type OrderRecord struct {
	Line    int
	Account AccountRef
	Order   Order
	// Code is the offer, discount or tracking code the order was placed
	// with: a forward touch of its marketing activity (docs/marketing.md).
	Code string
}

// OrderLineRecord is one row of an order-lines file.
type OrderLineRecord struct {
	Line            int
	OrderExternalID string
	SKU             string
	ProductName     string
	UnitCost        Money // unit variable cost, when HasUnitCost
	HasUnitCost     bool
	OrderLine       OrderLine
}

// TouchpointRecord is one row of a touchpoints file.
type TouchpointRecord struct {
	Line         int
	Account      AccountRef
	ContactEmail string
	Touchpoint   Touchpoint
}

// ImportOptions steer one import.
type ImportOptions struct {
	File   string // for error messages
	Source string // provenance written to every row; default "import"
	Strict bool   // refuse rows naming unknown accounts instead of creating them
	DryRun bool   // validate and count, then roll back
	// SkipInvalid imports the good rows and returns the rows the store
	// refused (unknown accounts under Strict, unknown orders) in
	// ImportSummary.Rejects instead of failing the whole import.
	SkipInvalid bool
	// ReadRejected is how many rows the file's reader refused before the
	// store saw the rest (with SkipInvalid): the import's record in the
	// imports list and the audit log counts them with the store's.
	ReadRejected int
	// Waiting, when set, is called once if the import must wait for
	// another import (imports take turns, one at a time per database)
	// before it can write; the function it returns, if not nil, is called
	// when the wait is over.
	Waiting func() (done func())
}

// ImportSummary counts what one import did (or, on a dry run, would do).
type ImportSummary struct {
	Inserted        int       `json:"inserted"`
	Updated         int       `json:"updated"`
	Unchanged       int       `json:"unchanged"`
	Rejected        int       `json:"rejected"`
	AccountsCreated int       `json:"accounts_created"`
	Rejects         RowErrors `json:"-"`
}
