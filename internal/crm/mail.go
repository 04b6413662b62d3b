package crm

import "time"

// Mail is a message to send through the SMTP server the business
// configured: kept in the outbox until it is sent.
type Mail struct {
	ID        int64     `json:"id"`
	To        string    `json:"to"`
	Subject   string    `json:"subject"`
	Body      string    `json:"body"` // plain text
	CreatedAt time.Time `json:"created_at"`
	Attempts  int       `json:"attempts"`
	LastError string    `json:"last_error,omitempty"`
}
