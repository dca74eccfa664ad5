package server

import (
	"errors"
	"net/http"
	"strconv"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// meetingPageView offers the round's participants as hosts and, for an
// existing meeting, the round's delegates for attendance.
func (s *Server) meetingPageView(r *http.Request, round portal.Round, m *portal.LearningMeeting) (web.MeetingView, error) {
	v := web.MeetingView{Round: round, Meeting: m}
	ov, err := s.public().RoundOverview(r.Context(), round.ID)
	if err != nil {
		return v, err
	}
	for _, p := range ov.Participations {
		v.Hosts = append(v.Hosts, p.Organisation)
	}
	if m != nil {
		v.Delegates, err = s.Store.RoundDelegates(r.Context(), round.ID)
	}
	return v, err
}

// meetingFormValues is the meeting form filled with a learning meeting as stored.
func meetingFormValues(m portal.LearningMeeting) web.MeetingForm {
	f := web.MeetingForm{Version: strconv.Itoa(m.Version), HeldOn: m.HeldOn.Format("2006-01-02"), Place: m.Place, Agenda: m.Agenda}
	if m.HostID != 0 {
		f.HostID = strconv.FormatInt(m.HostID, 10)
	}
	for _, id := range m.Attendees {
		f.Attendees = append(f.Attendees, strconv.FormatInt(id, 10))
	}
	return f
}

// loadMeeting loads the {round} of the URL and the {meeting} of the URL, which must
// belong to it.
func (s *Server) loadMeeting(r *http.Request) (portal.Round, portal.LearningMeeting, error) {
	return loadRoundAnd(s, r, "meeting", s.Store.MeetingByID, meetingRoundID)
}

func (s *Server) newMeetingForm(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	v, err := s.meetingPageView(r, round, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.MeetingPage(v))
}

func (s *Server) meetingForm(w http.ResponseWriter, r *http.Request) error {
	round, m, err := s.loadMeeting(r)
	if err != nil {
		return err
	}
	v, err := s.meetingPageView(r, round, &m)
	if err != nil {
		return err
	}
	v.Form = meetingFormValues(m)
	v.Flash = s.popFlash(r)
	return s.render(w, r, http.StatusOK, web.MeetingPage(v))
}

// saveMeeting creates a meeting (no {meeting} in the URL) or updates one
// with its attendance.
func (s *Server) saveMeeting(w http.ResponseWriter, r *http.Request) error {
	round, stored, err := roundAndOptional(s, r, "meeting", s.Store.MeetingByID, meetingRoundID)
	if err != nil {
		return err
	}
	v, err := s.meetingPageView(r, round, stored)
	if err != nil {
		return err
	}
	f := web.MeetingForm{Version: formText(r, "version", 10), HeldOn: formText(r, "held_on", 20), Place: formText(r, "place", 300),
		HostID: formText(r, "host", 20), Agenda: formText(r, "agenda", 6000), Attendees: formValues(r, "attendees")}
	v.Form = f
	m := portal.LearningMeeting{RoundID: round.ID, Place: f.Place, Agenda: f.Agenda}
	if stored != nil {
		m.ID = stored.ID
		m.Version = parseVersion(f.Version)
		m.Attendees = ids(f.Attendees)
	}
	if day := formDate(&v.Errors, r, "held_on", "Datumet"); day != nil {
		m.HeldOn = *day
	} else if v.Errors.Get("held_on") == "" {
		v.Errors.Add("held_on", "Ange datum för träffen.")
	}
	fe := portal.FieldErrors{}
	fe.Required("place", m.Place, "Ange en plats.", "platsen", 200)
	fe.MaxLen("agenda", m.Agenda, "programmet", 5000)
	for _, e := range formErrors(fe, "place", "agenda") {
		v.Errors.Add(e.Field, e.Message)
	}
	if f.HostID != "" {
		host, _ := strconv.ParseInt(f.HostID, 10, 64)
		for _, h := range v.Hosts {
			if h.ID == host {
				m.HostID = host
			}
		}
		if m.HostID == 0 {
			v.Errors.Add("host", "Välj värd bland omgångens organisationer.")
		}
	}
	if len(v.Errors) == 0 {
		saved, err := s.Store.SaveMeeting(r.Context(), actorOf(r), m)
		var conflict *store.ConflictError[portal.LearningMeeting]
		switch {
		case errors.As(err, &conflict):
			cur := conflict.Current
			theirs := meetingFormValues(cur)
			v.Conflict = meetingConflict(theirs, f)
			v.Form.Version = theirs.Version
		case err != nil:
			return err
		default:
			s.flash(r, "Lärandeträffen den "+saved.HeldOn.Format("2006-01-02")+" är sparad.")
			http.Redirect(w, r, "/personal/omgangar/"+strconv.FormatInt(round.ID, 10)+"/traffar/"+strconv.FormatInt(saved.ID, 10), http.StatusSeeOther)
			return nil
		}
	}
	return formAgain(web.MeetingPage(v), v.Conflict)
}

func meetingConflict(theirs, yours web.MeetingForm) []web.ConflictField {
	var c conflicts
	c.add("Datum", theirs.HeldOn, yours.HeldOn)
	c.add("Plats", theirs.Place, yours.Place)
	c.add("Värd (id)", theirs.HostID, yours.HostID)
	c.add("Program", theirs.Agenda, yours.Agenda)
	return c.orVersion(theirs.Version, yours.Version)
}

func meetingRoundID(x portal.LearningMeeting) int64 { return x.RoundID }
