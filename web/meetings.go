package web

import (
	"context"
	"strings"
	"time"

	"modellportalen/internal/portal"
)

// MeetingForm is the learning meeting form, as typed.
type MeetingForm struct {
	Version    int
	Kind       string   `label:"Typ"`
	HeldOn     string   `label:"Datum"`
	Starts     string   `label:"Börjar"` // HH:MM in Stockholm
	Ends       string   `label:"Slutar"`
	Place      string   `label:"Plats"`
	Address    string   `label:"Adress"`
	OnlineURL  string   `label:"Länk"`
	HostID     string   `label:"Värd" ids:"organisations"`
	Scope      string   `label:"För"` // "round", "track:<track>" or "group:<id>"
	Agenda     string   `label:"Program"`
	DateReason string   `label:"Skäl till datum utanför omgången"`
	Attendees  []string `label:"Närvaro" ids:"delegates"`
	// Substitutes are the delegates in whose place their substitute came.
	Substitutes []string `label:"Ersättare som kom" ids:"delegates"`
}

// MeetingView is the new-meeting and edit-meeting page.
type MeetingView struct {
	Round     portal.Round
	Meeting   *portal.LearningMeeting
	Form      MeetingForm
	Hosts     []portal.Organisation
	Groups    []portal.BenchmarkingGroup
	Delegates []portal.RoundDelegate
	Invitees  []portal.Invitee
	// AttendancePrefilled is set when the ticks come from the replies,
	// not from recorded attendance.
	AttendancePrefilled bool
	Errors              Errors
	Conflict            []ConflictField
}

func meetingTitle(v MeetingView) string {
	if v.Meeting == nil {
		return "Ny lärandeträff"
	}
	return meetingKindLabel(context.Background(), v.Meeting.Kind) + " " + longDate(v.Meeting.HeldOn)
}

func attendeeOptions(ds []portal.RoundDelegate, selected []string) []Option {
	var out []Option
	for _, d := range ds {
		out = append(out, Option{itoa64(d.ID), d.Organisation + ": " + d.Name + " (" + LevelName(d.Level) + ")", contains(selected, itoa64(d.ID))})
	}
	return out
}

// MeetingKindName is the Swedish name of a type of meeting, for messages.
func MeetingKindName(k portal.MeetingKind) string { return meetingKindLabel(context.Background(), k) }

// MeetingKindLabel is the name of a type of meeting in the context's
// language.
func MeetingKindLabel(ctx context.Context, k portal.MeetingKind) string {
	return meetingKindLabel(ctx, k)
}

// RoundCalendarName is the name a subscribed calendar shows for a round's
// public feed, in the context's language.
func RoundCalendarName(ctx context.Context, round string) string {
	return tf(ctx, "round.calendarname", round)
}

func meetingKindOptions(selected string) []Option {
	var out []Option
	if selected == string(portal.MeetingLearning) {
		out = append(out, Option{string(portal.MeetingLearning), MeetingKindName(portal.MeetingLearning), true})
	}
	for _, k := range portal.PlannedMeetingKinds {
		out = append(out, Option{string(k), MeetingKindName(k), string(k) == selected})
	}
	return out
}

func meetingScopeOptions(v MeetingView) []Option {
	out := []Option{{"round", "Hela omgången", v.Form.Scope == "round" || v.Form.Scope == ""}}
	for _, tr := range v.Round.Tracks {
		val := "track:" + string(tr)
		out = append(out, Option{val, "Spåret " + trackName(tr), v.Form.Scope == val})
	}
	for _, g := range v.Groups {
		val := "group:" + itoa64(g.ID)
		out = append(out, Option{val, "Gruppen " + g.Label + " med sina mentorer", v.Form.Scope == val})
	}
	return out
}

// RoundSpanText is the round's first and last day as a message gives them.
func RoundSpanText(r portal.Round) string {
	first, last := r.Span()
	return longDate(first) + "–" + longDate(last)
}

func dateReasonHint(r portal.Round) string {
	return "Omgången pågår " + RoundSpanText(r) + ". Fyll bara i om träffen ska ligga utanför de datumen, och varför."
}

// meetingSummary is a meeting's type, time and place on one line.
func meetingSummary(m portal.LearningMeeting) string {
	parts := []string{MeetingKindName(m.Kind)}
	if m.CancelledAt != nil {
		parts[0] += " (inställd)"
	}
	if m.StartsAt != nil && m.EndsAt != nil {
		parts = append(parts, ClockSpan(*m.StartsAt, *m.EndsAt))
	}
	switch {
	case m.Place != "":
		parts = append(parts, m.Place)
	case m.OnlineURL != "":
		parts = append(parts, "digitalt")
	default:
		parts = append(parts, "plats ej bestämd")
	}
	if m.GroupLabel != "" {
		parts = append(parts, "för gruppen "+m.GroupLabel)
	} else if m.Track != "" {
		parts = append(parts, "för "+trackName(m.Track))
	}
	return strings.Join(parts, " · ")
}

// ClockSpan is a meeting's start and end as Stockholm's clock shows them.
func ClockSpan(starts, ends time.Time) string {
	return starts.In(portal.Stockholm).Format("15.04") + "–" + ends.In(portal.Stockholm).Format("15.04")
}

// countsTowardsNorm tells the meetings of the norm of five a year from
// SKR's own meetings with the strategists.
func countsTowardsNorm(m portal.LearningMeeting) bool {
	return m.Kind != portal.MeetingStrategists && m.Kind != portal.MeetingOther && m.CancelledAt == nil
}

// SequenceRow is one meeting of the standard sequence on the lay-out page.
type SequenceRow struct {
	Kind portal.MeetingKind
	Day  string
}

// SequenceView is the page that lays out the round's standard meetings.
type SequenceView struct {
	Round  portal.Round
	Rows   []SequenceRow
	Starts string
	Ends   string
	Errors Errors
}

// SequenceField is the name of the date field of row i.
func SequenceField(i int) string { return "day_" + itoa(i) }

// invitationState says where one invitee stands with the meeting as it is now.
func invitationState(i portal.Invitee, m portal.LearningMeeting) string {
	switch {
	case !i.Invited:
		return "Inte inbjuden än"
	case i.SentSequence < m.Version:
		return "Har en äldre version"
	default:
		return "Inbjuden"
	}
}

// invitationsOutdated counts the invitees who have no invitation or an
// older version of the meeting.
func invitationsOutdated(v MeetingView) int {
	n := 0
	for _, i := range v.Invitees {
		if !i.Invited || i.SentSequence < v.Meeting.Version {
			n++
		}
	}
	return n
}

// ReplyForm is the reply to an invitation, as typed.
type ReplyForm struct {
	Answer          string
	SubstituteName  string
	SubstituteLevel string
	SubstituteEmail string
}

// ReplyView is the page a delegate's personal link opens.
type ReplyView struct {
	Invitee portal.ReplyInvitee
	Form    ReplyForm
	Errors  Errors
	// Refused says why the link does not work; the page then shows only that.
	Refused string
	// Contact is set when an organisation's contact answers for one of its
	// delegates, signed in, rather than the delegate through their link.
	Contact *portal.Organisation
}

// DelegationRepliesView is the page where an organisation's contact sees
// its delegation's replies to one meeting.
type DelegationRepliesView struct {
	Organisation portal.Organisation
	Meeting      portal.LearningMeeting
	RoundName    string
	Invitees     []portal.Invitee
	// Refused says why replies are no longer taken; empty while they are.
	Refused string
}

func replyAnswerOptions(ctx context.Context, selected string, contact bool) []Option {
	if contact {
		return []Option{
			{string(portal.ReplyComing), "Kommer", selected == string(portal.ReplyComing)},
			{string(portal.ReplyNotComing), "Kan inte komma", selected == string(portal.ReplyNotComing)},
			{string(portal.ReplySubstitute), "Skickar en ersättare", selected == string(portal.ReplySubstitute)},
		}
	}
	return []Option{
		{string(portal.ReplyComing), t(ctx, "reply.coming"), selected == string(portal.ReplyComing)},
		{string(portal.ReplyNotComing), t(ctx, "reply.notcoming"), selected == string(portal.ReplyNotComing)},
		{string(portal.ReplySubstitute), t(ctx, "reply.substitute"), selected == string(portal.ReplySubstitute)},
	}
}

// The contact's page is in Swedish only, like the rest of the signed-in
// pages; the delegate's link page is in the language of its address.

func replyTitle(ctx context.Context, v ReplyView) string {
	if v.Contact != nil {
		return "Svar för " + v.Invitee.Name
	}
	return t(ctx, "reply.title")
}

func replyAnswerLabel(ctx context.Context, v ReplyView) string {
	if v.Contact != nil {
		return genitive(v.Invitee.Name) + " svar"
	}
	return t(ctx, "reply.answer")
}

func substituteLegend(ctx context.Context, v ReplyView) string {
	if v.Contact != nil {
		return "Om " + v.Invitee.Name + " skickar en ersättare"
	}
	return t(ctx, "reply.sublegend")
}

func substituteLevelOptions(ctx context.Context, selected string) []Option {
	out := []Option{{"", t(ctx, "reply.chooselevel"), selected == ""}}
	for _, l := range []portal.Level{portal.LevelPolitician, portal.LevelManager, portal.LevelStrategist} {
		out = append(out, Option{string(l), replyLevelName(ctx, l), string(l) == selected})
	}
	return out
}

// meetingWhen is the meeting's day and, when set, its times, in Swedish.
func meetingWhen(m portal.LearningMeeting) string { return meetingWhenIn(context.Background(), m) }

// meetingWhenIn is meetingWhen in the context's language.
func meetingWhenIn(ctx context.Context, m portal.LearningMeeting) string {
	s := longDateIn(ctx, m.HeldOn)
	if m.StartsAt != nil && m.EndsAt != nil {
		s += ", " + t(ctx, "reply.at") + " " + ClockSpan(*m.StartsAt, *m.EndsAt)
	}
	return s
}

// replyText is an invitee's answer as the staff's list shows it.
func replyText(i portal.Invitee) string {
	switch i.Answer {
	case portal.ReplyComing:
		return "Kommer"
	case portal.ReplyNotComing:
		return "Kommer inte"
	case portal.ReplySubstitute:
		return "Skickar " + i.SubstituteName + " (" + LevelName(i.SubstituteLevel) + ")"
	}
	return "Inget svar"
}

func attendanceHint(v MeetingView) string {
	if v.AttendancePrefilled {
		return "Förifyllt med dem som svarat att de kommer. Rätta efter träffen och spara: kryssa i de delegater som var med."
	}
	return "Kryssa i de delegater som var med."
}

// substituteOptions are the substitutes named in replies, each ticked when
// they came in the delegate's place.
func substituteOptions(is []portal.Invitee, selected []string) []Option {
	var out []Option
	for _, i := range is {
		if i.Answer == portal.ReplySubstitute {
			out = append(out, Option{itoa64(i.DelegateID), i.SubstituteName + " (" + LevelName(i.SubstituteLevel) + ") i stället för " +
				i.Name + ", " + i.Organisation, contains(selected, itoa64(i.DelegateID))})
		}
	}
	return out
}

func substituteHint(v MeetingView) string {
	if v.AttendancePrefilled {
		return "Förifyllt med ersättarna som delegaterna har anmält. Ta bort krysset för en ersättare som inte kom."
	}
	return "Kryssa i de anmälda ersättare som var med. En delegat som själv kom kryssas i ovan i stället."
}

func roundSuffix(name string) string {
	if name == "" {
		return ""
	}
	return ", " + name
}

// genitive is a Swedish name's genitive: Annas, but Hans and Max.
func genitive(name string) string {
	if n := strings.ToLower(name); strings.HasSuffix(n, "s") || strings.HasSuffix(n, "x") || strings.HasSuffix(n, "z") {
		return name
	}
	return name + "s"
}
