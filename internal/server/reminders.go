package server

import (
	"context"
	"strconv"
	"strings"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/web"
)

// SendReminders queues the meeting reminders due at now: to each invited
// delegate who has not declined (or the substitute they named), as many
// days before the meeting as its round says, once. Several instances may
// run it at the same time; the store lets one queue at a time.
func (s *Server) SendReminders(ctx context.Context, now time.Time) (int, error) {
	key, err := s.serverKey(ctx, replyKeyName)
	if err != nil {
		return 0, err
	}
	base := s.Config.BaseURL
	n, err := s.Store.SendReminders(ctx, now, func(x portal.Reminder) portal.Mail {
		link := ""
		if !x.Substitute {
			link = base + "/svar/" + replyToken(key, x.Meeting.ID, x.DelegateID, replyExpiry(x.Meeting))
		}
		return reminderMail(base, now, x, link)
	})
	if n > 0 && s.Config.MailNotify != nil {
		s.Config.MailNotify()
	}
	return n, err
}

// RunReminders sends the due reminders every interval until ctx ends.
func (s *Server) RunReminders(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.SendReminders(ctx, s.now()); err != nil && ctx.Err() == nil {
			s.Log.Error("send meeting reminders", "err", err)
		} else if n > 0 {
			s.Log.Info("meeting reminders queued", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// reminderMail is one reminder, with the reply link for a delegate (a
// substitute answers through the delegate who named them).
func reminderMail(base string, now time.Time, x portal.Reminder, replyLink string) portal.Mail {
	m := x.Meeting
	what := web.MeetingKindName(m.Kind) + " " + web.LongDate(m.HeldOn)
	var b strings.Builder
	b.WriteString("Hej " + x.Name + "!\n\n")
	today := now.In(portal.Stockholm)
	days := int(m.HeldOn.Sub(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)).Hours() / 24)
	when := "snart"
	switch {
	case days == 1:
		when = "i morgon"
	case days > 1:
		when = "om " + strconv.Itoa(days) + " dagar"
	}
	if x.Substitute {
		b.WriteString("En påminnelse: du går " + when + " som ersättare för " + x.Organisation + " på " +
			strings.ToLower(what) + " i " + x.RoundName + ".\n\n")
	} else {
		b.WriteString("En påminnelse: " + strings.ToLower(what) + " i " + x.RoundName + " är " + when + ".\n\n")
	}
	writeMeetingFacts(&b, m)
	if replyLink != "" {
		if x.Answer == "" {
			b.WriteString("\nDu har inte svarat ännu. Svara om du kommer, inte kommer eller skickar en ersättare:\n" + replyLink + "\n")
		} else {
			b.WriteString("\nHar något ändrats? Ändra ditt svar här:\n" + replyLink + "\n")
		}
	}
	b.WriteString("\nOmgångens sida: " + base + "/omgangar/" + x.RoundSlug + "\n\nVänliga hälsningar\nSKR, Modellkonceptet för jämställdhet\n")
	return portal.Mail{To: x.Email, Subject: "Påminnelse: " + what, Body: b.String()}
}
