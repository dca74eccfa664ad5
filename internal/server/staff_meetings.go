package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/web"
)

// meetingView is the page of the URL's meeting, its form as stored, or
// with no {meeting} in the URL a new meeting's. It offers the round's
// participants as hosts, its groups as scopes and, for an existing meeting,
// the round's delegates for attendance.
func (s *Server) meetingView(r *http.Request) (web.MeetingView, error) {
	round, m, err := roundAndOptional(s, r, "meeting", s.Store.MeetingByID, meetingRoundID)
	if err != nil {
		return web.MeetingView{}, err
	}
	v := web.MeetingView{Round: round, Meeting: m, Form: web.MeetingForm{Kind: string(portal.MeetingOther)}}
	ov, err := s.public().RoundOverview(r.Context(), round.ID)
	if err != nil {
		return v, err
	}
	for _, p := range ov.Participations {
		v.Hosts = append(v.Hosts, p.Organisation)
	}
	v.Groups = ov.Groups
	if m == nil {
		return v, nil
	}
	if v.Delegates, err = s.Store.RoundDelegates(r.Context(), round.ID); err != nil {
		return v, err
	}
	if v.Invitees, err = s.Store.MeetingInvitees(r.Context(), m.ID); err != nil {
		return v, err
	}
	v.Form = meetingFormValues(*m)
	return v, nil
}

// meetingPage is the meeting's page as it first opens: meetingView, with
// the attendance of a meeting whose attendance nobody has recorded yet
// starting from who said they would come, themselves or through a
// substitute.
func (s *Server) meetingPage(r *http.Request) (web.MeetingView, error) {
	v, err := s.meetingView(r)
	if err != nil || v.Meeting == nil || len(v.Meeting.Attendees) > 0 || len(v.Meeting.Substituted) > 0 {
		return v, err
	}
	for _, i := range v.Invitees {
		switch i.Answer {
		case portal.ReplyComing:
			v.Form.Attendees = append(v.Form.Attendees, strconv.FormatInt(i.DelegateID, 10))
			v.AttendancePrefilled = true
		case portal.ReplySubstitute:
			v.Form.Substitutes = append(v.Form.Substitutes, strconv.FormatInt(i.DelegateID, 10))
			v.AttendancePrefilled = true
		}
	}
	return v, nil
}

// meetingFormValues is the meeting form filled with a learning meeting as stored.
func meetingFormValues(m portal.LearningMeeting) web.MeetingForm {
	f := web.MeetingForm{Version: m.Version, Kind: string(m.Kind), HeldOn: m.HeldOn.Format("2006-01-02"),
		Place: m.Place, Address: m.Address, OnlineURL: m.OnlineURL, Agenda: m.Agenda, DateReason: m.DateReason, Scope: "round"}
	if m.HostID != 0 {
		f.HostID = strconv.FormatInt(m.HostID, 10)
	}
	if m.StartsAt != nil && m.EndsAt != nil {
		f.Starts = m.StartsAt.In(portal.Stockholm).Format("15:04")
		f.Ends = m.EndsAt.In(portal.Stockholm).Format("15:04")
	}
	switch {
	case m.GroupID != 0:
		f.Scope = "group:" + strconv.FormatInt(m.GroupID, 10)
	case m.Track != "":
		f.Scope = "track:" + string(m.Track)
	}
	for _, id := range m.Attendees {
		f.Attendees = append(f.Attendees, strconv.FormatInt(id, 10))
	}
	for _, id := range m.Substituted {
		f.Substitutes = append(f.Substitutes, strconv.FormatInt(id, 10))
	}
	return f
}

// loadMeeting loads the {round} of the URL and the {meeting} of the URL, which must
// belong to it.
func (s *Server) loadMeeting(r *http.Request) (portal.Round, portal.LearningMeeting, error) {
	return loadRoundAnd(s, r, "meeting", s.Store.MeetingByID, meetingRoundID)
}

// readMeetingForm is the meeting form as typed.
func readMeetingForm(r *http.Request) web.MeetingForm {
	return web.MeetingForm{Version: postedVersion(r), Kind: formText(r, "kind", 40), HeldOn: formText(r, "held_on", 20),
		Starts: formText(r, "starts", 10), Ends: formText(r, "ends", 10), Place: formText(r, "place", 300),
		Address: formText(r, "address", 400), OnlineURL: formText(r, "online_url", 600), HostID: formText(r, "host", 20),
		Scope: formText(r, "scope", 40), Agenda: formText(r, "agenda", 6000), DateReason: formText(r, "date_reason", 1200),
		Attendees: formValues(r, "attendees"), Substitutes: formValues(r, "substitutes")}
}

// saveMeeting creates a meeting (no {meeting} in the URL) or updates one
// with its attendance.
func (s *Server) saveMeeting(w http.ResponseWriter, r *http.Request) error {
	v, err := s.meetingView(r)
	if err != nil {
		return err
	}
	round, stored := v.Round, v.Meeting
	f := readMeetingForm(r)
	v.Form = f
	m := portal.LearningMeeting{RoundID: round.ID, Place: f.Place, Address: f.Address, OnlineURL: f.OnlineURL,
		Agenda: f.Agenda, DateReason: f.DateReason, Kind: portal.MeetingKind(f.Kind)}
	if stored != nil {
		m.ID = stored.ID
		m.Version = f.Version
		m.Attendees = ids(f.Attendees)
		m.Substituted = ids(f.Substitutes)
	}
	if m.Kind == "" {
		m.Kind = portal.MeetingOther
	}
	if !portal.ValidMeetingKind(m.Kind) {
		v.Errors.Add("kind", "Välj typ av träff.")
	}
	day := formDate(&v.Errors, r, "held_on", "Datumet")
	switch {
	case day == nil && v.Errors.Get("held_on") == "":
		v.Errors.Add("held_on", "Ange datum för träffen.")
	case day != nil:
		m.HeldOn = *day
		if !round.WithinSpan(*day) && strings.TrimSpace(m.DateReason) == "" {
			v.Errors.Add("held_on", "Datumet ligger utanför omgångens datum ("+web.RoundSpanText(round)+
				"). Välj ett datum inom omgången, eller skriv varför träffen ska ligga utanför under ”Skäl till datum utanför omgången”.")
		}
	}
	meetingTimes(&v.Errors, &m, f)
	fe := portal.FieldErrors{}
	fe.Required("place", m.Place, "Ange en plats.", "platsen", 200)
	fe.MaxLen("address", m.Address, "adressen", 300)
	fe.MaxLen("agenda", m.Agenda, "programmet", 5000)
	fe.MaxLen("date_reason", m.DateReason, "skälet", 1000)
	for _, e := range formErrors(fe, "place", "address", "agenda", "date_reason") {
		v.Errors.Add(e.Field, e.Message)
	}
	if m.OnlineURL != "" && (!strings.HasPrefix(m.OnlineURL, "https://") || strings.ContainsAny(m.OnlineURL, " <>\"") || len(m.OnlineURL) > 500) {
		v.Errors.Add("online_url", "Länken ska vara en webbadress som börjar med https://, till exempel https://skr.zoom.us/j/123.")
	}
	if f.HostID != "" {
		if host, _ := parseID(f.HostID); offeredOrganisation(v.Hosts, host) {
			m.HostID = host
		} else {
			v.Errors.Add("host", "Välj värd bland omgångens organisationer.")
		}
	}
	meetingScope(&v.Errors, &m, f.Scope, round, v.Groups)
	for _, i := range v.Invitees {
		if contains(f.Attendees, i.DelegateID) && contains(f.Substitutes, i.DelegateID) {
			v.Errors.Add("substitutes", i.Name+" kan inte både ha kommit själv och skickat "+i.SubstituteName+" i sitt ställe. Kryssa i det som hände.")
		}
	}
	if stored != nil && stored.CancelledAt != nil {
		v.Errors.Add("kind", "Träffen är inställd och kan inte ändras längre.")
	}
	if len(v.Errors) == 0 {
		saved, err := s.Store.SaveMeeting(r.Context(), actorOf(r), m)
		theirs, lost := theirForm(err, meetingFormValues)
		switch {
		case lost:
			v.Conflict, v.Form.Version = web.Conflicts(theirs, f, meetingNames(v)), theirs.Version
		case err != nil:
			return err
		default:
			return s.seeOther(w, r, web.MeetingPath(round.ID, saved.ID), web.MeetingKindName(saved.Kind)+" den "+saved.HeldOn.Format("2006-01-02")+" är sparad.")
		}
	}
	return formAgain(web.MeetingPage(v), v.Conflict)
}

// meetingTimes reads the start and end clocks: both or neither, and the end
// after the start.
func meetingTimes(errs *web.Errors, m *portal.LearningMeeting, f web.MeetingForm) {
	if f.Starts == "" && f.Ends == "" {
		return
	}
	if !clockOK(f.Starts) {
		errs.Add("starts", "Ange när träffen börjar som TT:MM, till exempel 09:30.")
	}
	if !clockOK(f.Ends) {
		errs.Add("ends", "Ange när träffen slutar som TT:MM, till exempel 16:00.")
	}
	if m.HeldOn.IsZero() || errs.Get("starts") != "" || errs.Get("ends") != "" {
		return
	}
	starts, ends, _ := portal.MeetingTimes(m.HeldOn, f.Starts, f.Ends)
	if !ends.After(starts) {
		errs.Add("ends", "Träffen måste sluta efter att den börjar: "+f.Ends+" är inte efter "+f.Starts+".")
		return
	}
	m.StartsAt, m.EndsAt = &starts, &ends
}

func clockOK(c string) bool {
	t, err := time.Parse("15:04", c)
	return err == nil && len(c) == 5 && t.Hour() < 24
}

// meetingScope sets whom the meeting is for: the whole round, one of its
// tracks or one of its groups (with the group's mentors).
func meetingScope(errs *web.Errors, m *portal.LearningMeeting, scope string, round portal.Round, groups []portal.BenchmarkingGroup) {
	switch {
	case scope == "" || scope == "round":
	case strings.HasPrefix(scope, "track:"):
		tr := portal.Track(strings.TrimPrefix(scope, "track:"))
		for _, x := range round.Tracks {
			if x == tr {
				m.Track = tr
			}
		}
		if m.Track == "" {
			errs.Add("scope", "Välj ett av omgångens spår.")
		}
	case strings.HasPrefix(scope, "group:"):
		id, _ := parseID(strings.TrimPrefix(scope, "group:"))
		for _, g := range groups {
			if g.ID == id {
				m.GroupID = id
			}
		}
		if m.GroupID == 0 {
			errs.Add("scope", "Välj en av omgångens grupper.")
		}
	default:
		errs.Add("scope", "Välj vilka träffen är för.")
	}
	if m.Kind == portal.MeetingGroup && m.GroupID == 0 && errs.Get("scope") == "" {
		errs.Add("scope", "En gruppträff är för en grupp: välj vilken.")
	}
}

func meetingRoundID(x portal.LearningMeeting) int64 { return x.RoundID }

// sequenceForm shows the standard sequence with its proposed dates.
func (s *Server) sequenceForm(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	v := web.SequenceView{Round: round, Starts: "10:00", Ends: "15:00"}
	for _, p := range portal.StandardSequence(round) {
		v.Rows = append(v.Rows, web.SequenceRow{Kind: p.Kind, Day: p.Day.Format(time.DateOnly)})
	}
	return s.render(w, r, http.StatusOK, web.SequencePage(v))
}

// saveSequence creates the standard sequence's meetings with the dates as
// adjusted, all or none.
func (s *Server) saveSequence(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	v := web.SequenceView{Round: round, Starts: formText(r, "starts", 10), Ends: formText(r, "ends", 10)}
	var ms []portal.LearningMeeting
	for i, p := range portal.StandardSequence(round) {
		field := web.SequenceField(i)
		v.Rows = append(v.Rows, web.SequenceRow{Kind: p.Kind, Day: formText(r, field, 20)})
		m := portal.LearningMeeting{RoundID: round.ID, Kind: p.Kind}
		day := formDate(&v.Errors, r, field, "Datumet för "+strings.ToLower(web.MeetingKindName(p.Kind)))
		switch {
		case day == nil && v.Errors.Get(field) == "":
			v.Errors.Add(field, "Ange datum för "+strings.ToLower(web.MeetingKindName(p.Kind))+".")
		case day != nil && !round.WithinSpan(*day):
			v.Errors.Add(field, "Datumet för "+strings.ToLower(web.MeetingKindName(p.Kind))+" ligger utanför omgångens datum ("+
				web.RoundSpanText(round)+"). Välj ett datum inom omgången; en träff utanför lägger du in för sig med ett skäl.")
		case day != nil:
			m.HeldOn = *day
		}
		ms = append(ms, m)
	}
	var times portal.LearningMeeting
	times.HeldOn = time.Date(round.StartYear, 6, 1, 0, 0, 0, 0, time.UTC)
	meetingTimes(&v.Errors, &times, web.MeetingForm{Starts: v.Starts, Ends: v.Ends})
	if len(v.Errors) > 0 {
		return formAgain(web.SequencePage(v), nil)
	}
	for i := range ms {
		if times.StartsAt != nil {
			starts, ends, _ := portal.MeetingTimes(ms[i].HeldOn, v.Starts, v.Ends)
			ms[i].StartsAt, ms[i].EndsAt = &starts, &ends
		}
	}
	if err := s.Store.SaveMeetingSequence(r.Context(), actorOf(r), ms); err != nil {
		return err
	}
	return s.seeOther(w, r, web.StaffRoundPath(round.ID, ""), strconv.Itoa(len(ms))+" träffar är utlagda. Fyll i plats, värd och program på var och en.")
}

// contains reports whether the form values hold the id.
func contains(values []string, id int64) bool {
	return slices.Contains(values, strconv.FormatInt(id, 10))
}

// meetingNames names the hosts and delegates a meeting's form refers to by
// id, for its conflict notice.
func meetingNames(v web.MeetingView) web.Names {
	hosts, delegates := map[string]string{}, map[string]string{}
	for _, o := range v.Hosts {
		hosts[strconv.FormatInt(o.ID, 10)] = o.Name
	}
	for _, d := range v.Delegates {
		delegates[strconv.FormatInt(d.ID, 10)] = d.Name + " (" + d.Organisation + ")"
	}
	return web.Names{"organisations": hosts, "delegates": delegates}
}
