package web

import (
	"strconv"

	"modellportalen/internal/portal"
)

// StaffHomeView is staff's start page: the rounds under way with what
// needs attention in each.
type StaffHomeView struct {
	User      portal.User
	Rounds    []portal.RoundSummary
	Attention map[int64]portal.RoundAttention
}

// current are the rounds not yet completed.
func (v StaffHomeView) current() []portal.RoundSummary {
	var out []portal.RoundSummary
	for _, r := range v.Rounds {
		if r.Status != portal.StatusCompleted {
			out = append(out, r)
		}
	}
	return out
}

// attentionText says what needs attention in the round, nothing for
// nothing: a new empty draft has its admissions and publishing ahead.
func attentionText(r portal.RoundSummary, a portal.RoundAttention) []string {
	var out []string
	if r.Municipal+r.Regional+r.Mixed == 0 {
		out = append(out, "inga deltagare antagna")
	}
	if r.Draft() {
		out = append(out, "inte publicerad")
	}
	if a.MissingDecisions > 0 {
		out = append(out, Plural(a.MissingDecisions, "deltagare", "deltagare")+" utan politiskt beslut")
	}
	if a.WithoutGroup > 0 {
		out = append(out, Plural(a.WithoutGroup, "deltagare", "deltagare")+" utan grupp")
	}
	if a.GroupsWithoutMentor > 0 {
		out = append(out, Plural(a.GroupsWithoutMentor, "grupp", "grupper")+" utan mentor")
	}
	return out
}

// UsersView is the admin's list of users and invitation form.
type UsersView struct {
	Me            portal.User
	Users         []portal.User
	Organisations []portal.Organisation
	Invite        InviteForm
	Errors        Errors
}

// InviteForm is what the invitation form holds.
type InviteForm struct {
	Name           string
	Email          string
	Role           portal.UserRole
	OrganisationID int64
}

func userURL(u portal.User) string { return "/personal/anvandare/" + itoa64(u.ID) }

func userStatus(u portal.User) string {
	switch {
	case !u.Active:
		return "Avstängd"
	case !u.HasPassword:
		return "Inbjuden"
	case u.HasSecondFactor:
		return "Aktiv, med tvåstegsverifiering"
	case u.SecondFactorRequired:
		return "Aktiv, tvåstegsverifiering krävs"
	}
	return "Aktiv"
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func mailStatus(m portal.OutboxMessage, smtpConfigured bool) string {
	switch {
	case m.SentAt == nil && !smtpConfigured:
		return "Inte skickat: ingen e-postserver är inställd"
	case m.DeliveredVia == "smtp":
		return "Skickat " + dateTime(m.SentAt)
	case m.DeliveredVia == "log":
		return "Loggat (inte skickat) " + dateTime(m.SentAt)
	case m.Attempts >= 10:
		return "Kunde inte skickas: " + m.LastError
	case m.LastError != "":
		return "Väntar på nytt försök (" + strconv.Itoa(m.Attempts) + " misslyckade): " + m.LastError
	}
	return "Väntar"
}

// HistoryView is a record's audit trail.
type HistoryView struct {
	Table   string
	ID      int64
	Entries []portal.AuditEntry
}
