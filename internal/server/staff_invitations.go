package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"modellportalen/internal/calendar"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// sendInvitations mails the meeting's invitation, or its update, to every
// delegate it is for, each with the meeting as an iCalendar attachment.
func (s *Server) sendInvitations(w http.ResponseWriter, r *http.Request) error {
	round, m, err := s.loadMeeting(r)
	if err != nil {
		return err
	}
	if postedVersion(r) != m.Version {
		return s.seeOther(w, r, web.MeetingPath(round.ID, m.ID), "Träffen har ändrats sedan du öppnade sidan. Se över den och skicka igen.")
	}
	if round.Draft() {
		// The invitation links to the round's public page, which a draft
		// does not have yet.
		return &redirectError{To: web.MeetingPath(round.ID, m.ID),
			Flash: "Publicera omgången innan du skickar inbjudan: den länkar till omgångens sida, som inte finns för ett utkast."}
	}
	base := s.baseURL(r)
	link, err := s.replyLinkMaker(r)
	if err != nil {
		return err
	}
	n, err := s.Store.SendInvitations(r.Context(), actorOf(r), m.ID, func(m portal.LearningMeeting, i portal.Invitee) portal.Mail {
		return invitationMail(base, s.Config.MailFrom, round, m, i, false, link(m, i.DelegateID))
	})
	done := "Inbjudan ligger i utkorgen till " + strconv.Itoa(n) + " delegater."
	if n == 0 {
		done = "Ingen inbjudan skickades: ingen av delegaterna som träffen är för har en e-postadress."
	}
	return afterChange(err, web.MeetingPath(round.ID, m.ID), done,
		refusal{store.ErrCancelled, "Träffen är inställd; inbjudan skickades inte."})
}

// cancelMeeting cancels the meeting and mails a cancellation to everyone
// who was invited, so their calendars drop it.
func (s *Server) cancelMeeting(w http.ResponseWriter, r *http.Request) error {
	round, m, err := s.loadMeeting(r)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	n, err := s.Store.CancelMeeting(r.Context(), actorOf(r), m.ID, postedVersion(r),
		func(m portal.LearningMeeting, i portal.Invitee) portal.Mail {
			return invitationMail(base, s.Config.MailFrom, round, m, i, true, "")
		})
	return afterChange(err, web.MeetingPath(round.ID, m.ID),
		"Träffen är inställd. Återbud ligger i utkorgen till "+strconv.Itoa(n)+" inbjudna.",
		refusal{store.ErrCancelled, "Träffen var redan inställd."},
		refusal{store.ErrConflict, "Träffen har ändrats sedan du öppnade sidan. Se över den innan du ställer in den."})
}

// meetingEvent is the meeting as a calendar event. SEQUENCE follows the
// meeting's version, which rises with every change. The organiser is the
// portal's sender: calendars need one to accept an update or cancellation.
func meetingEvent(base, organizer string, round portal.Round, m portal.LearningMeeting) calendar.Event {
	ev := calendar.Event{UID: calendar.MeetingUID(m.ID), Sequence: m.Version - 1, Organizer: organizer,
		Summary: web.MeetingKindName(m.Kind) + " – " + round.Name, Description: m.Agenda,
		URL: base + "/omgangar/" + round.Slug, Starts: m.HeldOn, Cancelled: m.CancelledAt != nil}
	if m.StartsAt != nil && m.EndsAt != nil {
		ev.Starts, ev.Ends, ev.Timed = *m.StartsAt, *m.EndsAt, true
	}
	var where []string
	for _, x := range []string{m.Place, m.Address, m.OnlineURL} {
		if x != "" {
			where = append(where, x)
		}
	}
	ev.Location = strings.Join(where, ", ")
	return ev
}

// writeMeetingFacts writes when and where the meeting is, and its host,
// one line each, as the invitation and the reminder mails give them.
func writeMeetingFacts(b *strings.Builder, m portal.LearningMeeting) {
	b.WriteString("När: " + web.LongDate(m.HeldOn))
	if m.StartsAt != nil && m.EndsAt != nil {
		b.WriteString(", kl. " + web.ClockSpan(*m.StartsAt, *m.EndsAt))
	}
	b.WriteString("\n")
	for _, line := range [][2]string{{"Var", m.Place}, {"Adress", m.Address}, {"Länk", m.OnlineURL}, {"Värd", m.HostName}} {
		if line[1] != "" {
			b.WriteString(line[0] + ": " + line[1] + "\n")
		}
	}
}

// invitationMail is one delegate's invitation, update or cancellation.
func invitationMail(base, organizer string, round portal.Round, m portal.LearningMeeting, i portal.Invitee, cancel bool, replyLink string) portal.Mail {
	ev := meetingEvent(base, organizer, round, m)
	ev.Attendee, ev.AttendeeName = i.Email, i.Name
	what := web.MeetingKindName(m.Kind) + " " + web.LongDate(m.HeldOn)
	subject, intro := "Inbjudan: "+what, "Du är inbjuden till "+strings.ToLower(what)+" i "+round.Name+"."
	switch {
	case cancel:
		subject, intro = "Inställd: "+what, strings.ToUpper(what[:1])+what[1:]+" i "+round.Name+" är inställd. Kalenderfilen tar bort den ur din kalender."
	case i.Invited && i.SentSequence < m.Version:
		subject, intro = "Ändrad: "+what, "Träffen du är inbjuden till har ändrats. Kalenderfilen uppdaterar den i din kalender."
	}
	var b strings.Builder
	b.WriteString("Hej " + i.Name + "!\n\n" + intro + "\n\n")
	if !cancel {
		writeMeetingFacts(&b, m)
		if m.Agenda != "" {
			b.WriteString("\nProgram:\n" + m.Agenda + "\n")
		}
		b.WriteString("\nDu är inbjuden som " + strings.ToLower(web.LevelName(i.Level)) + " för " + i.Organisation +
			". Öppna den bifogade kalenderfilen för att lägga in träffen i din kalender.\n")
		b.WriteString("\nSvara om du kommer, inte kommer eller skickar en ersättare (ingen inloggning behövs; länken är personlig och gäller till träffen):\n" + replyLink + "\n")
		b.WriteString("In English: " + strings.Replace(replyLink, "/svar/", "/en/svar/", 1) + "\n")
	}
	b.WriteString("\nOmgångens sida: " + base + "/omgangar/" + round.Slug + "\n\nVänliga hälsningar\nSKR, Modellkonceptet för jämställdhet\n")
	method := "REQUEST"
	if cancel {
		method = "CANCEL"
	}
	return portal.Mail{To: i.Email, Subject: subject, Body: b.String(),
		AttachmentName: "traff.ics", AttachmentType: "text/calendar; method=" + method,
		Attachment: []byte(calendar.Invitation(ev, time.Now()))}
}
