package server

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
)

// TestSubstituteCameAndLevelCounts: staff record that a delegate's named
// substitute came (pre-ticked from the reply), cannot record both the
// delegate and the substitute, and the round's dashboard counts each level's
// attendance, substitutes for their level, and flags a level missing from
// two meetings in a row.
func TestSubstituteCameAndLevelCounts(t *testing.T) {
	app, staff := staffClient(t)
	ctx, actor := context.Background(), store.System("test")
	round := mustRound(t, app, "2019")
	ov, _ := app.Store.RoundOverview(ctx, round)
	var p portal.Participation
	for _, x := range ov.Participations {
		if !x.Withdrawn && x.Role == portal.RoleParticipant {
			p = x
			break
		}
	}
	delegate := func(name string, l portal.Level) int64 {
		d, err := app.Store.SaveDelegate(ctx, actor, portal.Delegate{ParticipationID: p.ID, Level: l, Name: name,
			Email: strings.ToLower(name) + "@narvaro.example"})
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	pol, mgr := delegate("Politiker", portal.LevelPolitician), delegate("Chef", portal.LevelManager)
	delegate("Strateg", portal.LevelStrategist)
	meeting := func(day int) portal.LearningMeeting {
		m, err := app.Store.SaveMeeting(ctx, actor, portal.LearningMeeting{RoundID: round.ID, Kind: portal.MeetingOther,
			HeldOn: time.Date(2019, 10, day, 0, 0, 0, 0, time.UTC), Place: "Umeå"})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	first := meeting(8)
	if _, err := app.Store.SendInvitations(ctx, actor, first.ID, func(portal.LearningMeeting, portal.Invitee) portal.Mail {
		return portal.Mail{To: "x@narvaro.example", Subject: "Inbjudan", Body: "-"}
	}); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.SaveReply(ctx, actor, portal.Reply{MeetingID: first.ID, DelegateID: mgr, Answer: portal.ReplySubstitute,
		SubstituteName: "Ersättare Ek", SubstituteLevel: portal.LevelManager, SubstituteEmail: "ek@narvaro.example"}); err != nil {
		t.Fatal(err)
	}
	page := staffPath(round.ID, first.ID)
	body := staff.get(page).Body
	if !regexp.MustCompile(`name="substitutes" value="`+strconv.FormatInt(mgr, 10)+`"[^>]*checked`).MatchString(body) ||
		!strings.Contains(textOf(body), "Ersättare Ek (Chef) i stället för Chef") {
		t.Fatalf("the substitute is not offered ticked:\n%s", textOf(body))
	}
	form := func(attendees, substitutes []int64) url.Values {
		m, _ := app.Store.MeetingByID(ctx, first.ID)
		f := meetingFormValues(m)
		v := url.Values{"version": {strconv.Itoa(f.Version)}, "kind": {f.Kind}, "held_on": {f.HeldOn}, "place": {f.Place}, "scope": {f.Scope}}
		for _, id := range attendees {
			v.Add("attendees", strconv.FormatInt(id, 10))
		}
		for _, id := range substitutes {
			v.Add("substitutes", strconv.FormatInt(id, 10))
		}
		return v
	}
	res := staff.post(page, form([]int64{pol, mgr}, []int64{mgr}))
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="substitutes-error"`) ||
		!strings.Contains(textOf(res.Body), "Chef kan inte både ha kommit själv och skickat Ersättare Ek") {
		t.Fatalf("both ticked: %d %s", res.Status, textOf(res.Body))
	}
	if m, _ := app.Store.MeetingByID(ctx, first.ID); len(m.Attendees)+len(m.Substituted) != 0 {
		t.Fatalf("a refused form recorded attendance: %v %v", m.Attendees, m.Substituted)
	}
	if res := staff.post(page, form([]int64{pol}, []int64{mgr})); res.Status != http.StatusSeeOther {
		t.Fatalf("record attendance: %d %s", res.Status, textOf(res.Body))
	}
	m, _ := app.Store.MeetingByID(ctx, first.ID)
	if !reflect.DeepEqual(m.Attendees, []int64{pol}) || !reflect.DeepEqual(m.Substituted, []int64{mgr}) {
		t.Fatalf("attendance %v, substituted %v", m.Attendees, m.Substituted)
	}

	second := meeting(22)
	if err := app.Store.SetAttendance(ctx, actor, second.ID, []int64{pol}); err != nil {
		t.Fatal(err)
	}
	rows, err := app.Store.RoundAttendance(ctx, round.ID, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var mine *portal.DelegationAttendance
	for i := range rows {
		if rows[i].ParticipationID == p.ID {
			mine = &rows[i]
		}
	}
	if mine == nil || len(mine.Meetings) != 2 || mine.Attended(portal.LevelPolitician) != 2 ||
		mine.Attended(portal.LevelManager) != 1 || mine.Attended(portal.LevelStrategist) != 0 {
		t.Fatalf("attendance of %s: %+v", p.Organisation.Name, mine)
	}
	dash := textOf(staff.get(roundPath(round.ID, "")).Body)
	want := p.Organisation.Name + " 2 av 2 1 av 2 0 av 2 Ingen jämställdhetsstrateg två träffar i rad"
	if !strings.Contains(dash, "Närvaro per nivå") || !strings.Contains(dash, want) {
		t.Errorf("dashboard lacks %q:\n%s", want, dash)
	}
}

func staffPath(roundID, meetingID int64) string {
	return roundPath(roundID, "/traffar/"+strconv.FormatInt(meetingID, 10))
}
