package mail

import (
	"time"

	"github.com/vitalfew/vitalfew/internal/crm"
	"github.com/vitalfew/vitalfew/internal/i18n"
)

// Invitation returns the composer of a portal invitation's mail in l: the
// link to choose a password, and until when it works.
func Invitation(l *i18n.Lang, link string, until time.Time) func(crm.PortalContact) crm.Mail {
	return func(c crm.PortalContact) crm.Mail {
		return crm.Mail{Subject: l.T("Your invitation to the customer portal"),
			Body: l.T("Hello %s,\n\nyou are invited to the customer portal of %s's supplier. Choose your password here; the link works once, until %s:\n\n%s\n",
				c.Name, c.AccountName, l.DateTime(until.UTC())+" UTC", link)}
	}
}

// SurveyInvitation returns the composer of a survey invitation's mail in
// l: the survey's name, the link, and until when it works.
func SurveyInvitation(l *i18n.Lang, survey, link string, until time.Time) func(crm.PortalContact) crm.Mail {
	return func(c crm.PortalContact) crm.Mail {
		return crm.Mail{Subject: l.T("A few questions about our work for you"),
			Body: l.T("Hello %s,\n\nwould you answer a few questions (%s)? It takes two minutes and helps us serve %s better. The link works once, until %s:\n\n%s\n",
				c.Name, survey, c.AccountName, l.DateTime(until.UTC())+" UTC", link)}
	}
}

// FinalInvoiceSurvey returns the composer of the mail that goes with a
// final invoice: the project is done, would they answer the survey.
func FinalInvoiceSurvey(l *i18n.Lang, survey, invoice, link string, until time.Time) func(crm.PortalContact) crm.Mail {
	return func(c crm.PortalContact) crm.Mail {
		return crm.Mail{Subject: l.T("Our project is complete: a few questions"),
			Body: l.T("Hello %s,\n\nwith invoice %s our project for %s is complete. Would you tell us how it went (%s)? It takes a few minutes and shapes how we work with you. The link works once, until %s:\n\n%s\n",
				c.Name, invoice, c.AccountName, survey, l.DateTime(until.UTC())+" UTC", link)}
	}
}

// ConfirmSurveyAnswers returns the composer of the mail that asks a
// contact who answered a survey's open link, and gave their address, to
// confirm the answers are theirs.
func ConfirmSurveyAnswers(l *i18n.Lang, survey, link string) func(crm.PortalContact) crm.Mail {
	return func(c crm.PortalContact) crm.Mail {
		return crm.Mail{Subject: l.T("Please confirm your answers"),
			Body: l.T("Hello %s,\n\nthank you for answering our survey (%s). So that your answers count for %s, please confirm that they are yours:\n\n%s\n\nIf you did not answer it, ignore this mail: nothing more happens.\n",
				c.Name, survey, c.AccountName, link)}
	}
}
