package server

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// TestRemindersOnceWithTwoInstances: two instances on one database look for
// due reminders at the same moment; each invitee who has not declined is
// reminded once (a substitute in the delegate's place), and nothing is sent
// before the round's reminder days or again afterwards.
func TestRemindersOnceWithTwoInstances(t *testing.T) {
	ctx, actor := context.Background(), store.System("test")
	pool := testdb.Seeded(t)
	other, err := store.Open(ctx, testdb.URLOf(t, pool))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(other.Close)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := New(store.New(pool), quiet, Config{BaseURL: "https://portal.example"})
	b := New(store.New(other), quiet, Config{BaseURL: "https://portal.example"})
	st := a.Store

	round, err := st.RoundBySlug(ctx, "2019")
	if err != nil {
		t.Fatal(err)
	}
	ov, err := st.RoundOverview(ctx, round)
	if err != nil {
		t.Fatal(err)
	}
	var p portal.Participation
	for _, x := range ov.Participations {
		if !x.Withdrawn && x.Track == portal.TrackMunicipal {
			p = x
			break
		}
	}
	starts := time.Date(2019, 10, 8, 9, 30, 0, 0, portal.Stockholm)
	ends := starts.Add(6 * time.Hour)
	m, err := st.SaveMeeting(ctx, actor, portal.LearningMeeting{RoundID: round.ID, Kind: portal.MeetingBenchmarking1,
		HeldOn: time.Date(2019, 10, 8, 0, 0, 0, 0, time.UTC), StartsAt: &starts, EndsAt: &ends, Place: "Umeå",
		Track: portal.TrackMunicipal, DateReason: "test"})
	if err != nil {
		t.Fatal(err)
	}
	delegate := func(name string, l portal.Level) int64 {
		d, err := st.SaveDelegate(ctx, actor, portal.Delegate{ParticipationID: p.ID, Level: l, Name: name,
			Email: strings.ToLower(name) + "@paminn.example"})
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	delegate("Kommer", portal.LevelPolitician)
	declines := delegate("Avböjer", portal.LevelManager)
	sends := delegate("Skickar", portal.LevelStrategist)
	if _, err := st.SendInvitations(ctx, actor, m.ID, func(portal.LearningMeeting, portal.Invitee) portal.Mail {
		return portal.Mail{To: "inbjudan@paminn.example", Subject: "Inbjudan", Body: "-"}
	}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []portal.Reply{
		{MeetingID: m.ID, DelegateID: declines, Answer: portal.ReplyNotComing},
		{MeetingID: m.ID, DelegateID: sends, Answer: portal.ReplySubstitute, SubstituteName: "Ersättare Ek",
			SubstituteLevel: portal.LevelStrategist, SubstituteEmail: "ek@ersattare.example"},
	} {
		if err := st.SaveReply(ctx, actor, r); err != nil {
			t.Fatal(err)
		}
	}
	reminders := func() []portal.OutboxMessage {
		all, err := st.Outbox(ctx, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var out []portal.OutboxMessage
		for _, x := range all {
			if strings.HasPrefix(x.Subject, "Påminnelse:") {
				out = append(out, x)
			}
		}
		return out
	}
	both := func(now time.Time) int {
		var wg sync.WaitGroup
		counts := make([]int, 2)
		for i, s := range []*Server{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := s.SendReminders(ctx, now)
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			}()
		}
		wg.Wait()
		return counts[0] + counts[1]
	}

	// Eight days before, with the round's seven: nothing yet.
	if n := both(starts.AddDate(0, 0, -8)); n != 0 || len(reminders()) != 0 {
		t.Fatalf("%d reminders queued eight days before", n)
	}
	// Three days before: the one coming and the substitute, once.
	if n := both(starts.AddDate(0, 0, -3)); n != 2 {
		t.Errorf("%d reminders queued by two instances, want 2", n)
	}
	got := map[string]portal.OutboxMessage{}
	for _, x := range reminders() {
		if _, dup := got[x.To]; dup {
			t.Errorf("%s reminded twice", x.To)
		}
		got[x.To] = x
	}
	if len(got) != 2 || got["kommer@paminn.example"].To == "" || got["ek@ersattare.example"].To == "" {
		t.Fatalf("reminded %v, want the one coming and the substitute", got)
	}
	if body := got["kommer@paminn.example"].Body; !strings.Contains(body, "om 3 dagar") ||
		!strings.Contains(body, "https://portal.example/svar/") || !strings.Contains(body, "kl. 09.30–15.30") {
		t.Errorf("the delegate's reminder:\n%s", body)
	}
	if body := got["ek@ersattare.example"].Body; !strings.Contains(body, "som ersättare för "+p.Organisation.Name) ||
		strings.Contains(body, "/svar/") {
		t.Errorf("the substitute's reminder:\n%s", body)
	}
	// Later runs send nothing again, and nothing after the meeting began.
	if n := both(starts.AddDate(0, 0, -1)); n != 0 {
		t.Errorf("%d reminders sent again", n)
	}
	if n := both(starts.Add(time.Hour)); n != 0 || len(reminders()) != 2 {
		t.Errorf("%d reminders after the start", n)
	}
}
