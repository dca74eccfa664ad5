package server

// A meeting's minutes and outcomes, written after it by staff (under the
// round) or by the host organisation's contacts (under their organisation),
// and the follow-up tasks that the owning organisation's contacts mark
// done.

import (
	"net/http"

	"modellportalen/internal/portal"
	"modellportalen/web"
)

// minutesPlace is the meeting a minutes page is about and who is at it:
// staff under the round, or a contact of the host (host set).
type minutesPlace struct {
	round   portal.Round
	meeting portal.LearningMeeting
	host    *portal.Organisation
	base    string
}

// staffMinutesPlace loads the {round} and {meeting} of a staff URL.
func (s *Server) staffMinutesPlace(r *http.Request) (minutesPlace, error) {
	round, m, err := s.loadMeeting(r)
	if err != nil {
		return minutesPlace{}, err
	}
	return minutesPlace{round: round, meeting: m, base: web.MinutesPath(round.ID, m.ID)}, nil
}

// hostMinutesPlace loads the {meeting} of a contact's URL, which the URL's
// organisation must have hosted; to anyone else it does not exist.
func (s *Server) hostMinutesPlace(r *http.Request) (minutesPlace, error) {
	m, err := byParam(r, "meeting", kept(s, r, "meeting", s.Store.MeetingByID))
	if err != nil {
		return minutesPlace{}, err
	}
	org := organisationOf(r)
	if m.HostID == 0 || m.HostID != org {
		return minutesPlace{}, errNotFound
	}
	host, err := keptByID(s, r, "organisation", org, s.Store.OrganisationByID)
	if err != nil {
		return minutesPlace{}, err
	}
	round, err := keptByID(s, r, "round", m.RoundID, s.Store.RoundByID)
	if err != nil {
		return minutesPlace{}, err
	}
	return minutesPlace{round: round, meeting: m, host: &host, base: web.HostMinutesPath(org, m.ID)}, nil
}

// minutesView finds the place of the request's minutes page and loads
// what the page shows of its meeting.
func (s *Server) minutesView(r *http.Request, place func(*http.Request) (minutesPlace, error)) (minutesPlace, web.MinutesView, error) {
	p, err := place(r)
	if err != nil {
		return p, web.MinutesView{}, err
	}
	ctx := r.Context()
	now := s.now()
	v := web.MinutesView{Round: p.round, Meeting: p.meeting, Host: p.host, Base: p.base,
		Held: p.meeting.Held(now), Today: portal.StockholmDay(now)}
	if v.Minutes, v.Outcomes, err = s.Store.Minutes(ctx, p.meeting.ID); err != nil {
		return p, v, err
	}
	if v.Owners, err = s.Store.MeetingOrganisations(ctx, p.meeting.ID); err != nil {
		return p, v, err
	}
	v.Form = minutesFormValues(v.Minutes)
	return p, v, nil
}

func (s *Server) showMinutes(place func(*http.Request) (minutesPlace, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		_, v, err := s.minutesView(r, place)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, web.MinutesPage(v))
	}
}

// saveMinutes writes the minutes of a meeting that has been held.
func (s *Server) saveMinutes(place func(*http.Request) (minutesPlace, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, v, err := s.minutesView(r, place)
		if err != nil {
			return err
		}
		v.Form = readMinutesForm(r)
		fe := portal.FieldErrors{}
		if !v.Held {
			fe.Add("minutes", web.NotHeldText(p.meeting))
		}
		fe.MaxLen("minutes", v.Form.Body, "protokollet", 20000)
		v.Errors = formErrors(fe, "minutes")
		if len(v.Errors) > 0 {
			return formAgain(web.MinutesPage(v), nil)
		}
		_, err = s.Store.SaveMinutes(r.Context(), actorOf(r), p.meeting.ID, v.Form.Version, v.Form.Body)
		theirs, lost := theirForm(err, minutesFormValues)
		switch {
		case lost:
			v.Conflict, v.Form.Version = web.Conflicts(theirs, v.Form, nil), theirs.Version
			return formAgain(web.MinutesPage(v), v.Conflict)
		case err != nil:
			return err
		}
		return s.seeOther(w, r, p.base, "Protokollet är sparat.")
	}
}

// readMinutesForm reads the minutes form as typed.
func readMinutesForm(r *http.Request) web.MinutesForm {
	return web.MinutesForm{Version: postedVersion(r), Body: formText(r, "minutes", 22000)}
}

// readOutcomeForm is the outcome form as typed, and the outcome it makes;
// a date that cannot be read is reported against its field.
func readOutcomeForm(r *http.Request, meetingID int64, errs *web.Errors) (web.OutcomeForm, portal.MeetingOutcome) {
	f := web.OutcomeForm{Kind: formText(r, "kind", 20), Text: formText(r, "text", 2200),
		OwnerID: formText(r, "owner", 20), DueOn: formText(r, "due_on", 20)}
	o := portal.MeetingOutcome{MeetingID: meetingID, Kind: portal.OutcomeKind(f.Kind), Body: f.Text}
	o.OwnerID, _ = parseID(f.OwnerID)
	if o.Kind == portal.OutcomeTask {
		o.DueOn = formDate(errs, r, "due_on", "Datumet")
	}
	return f, o
}

// addOutcome records an outcome of a meeting that has been held.
func (s *Server) addOutcome(place func(*http.Request) (minutesPlace, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, v, err := s.minutesView(r, place)
		if err != nil {
			return err
		}
		var dateErrs web.Errors
		f, o := readOutcomeForm(r, p.meeting.ID, &dateErrs)
		v.Outcome = f
		var invited []int64
		for _, org := range v.Owners {
			invited = append(invited, org.ID)
		}
		fe := portal.ValidateOutcome(o, invited)
		if !v.Held {
			fe = portal.FieldErrors{"text": web.NotHeldText(p.meeting)}
		}
		for _, e := range dateErrs {
			fe[e.Field] = e.Message // a date that cannot be read says so, not "missing"
		}
		v.Errors = formErrors(fe, "kind", "text", "owner", "due_on")
		if len(v.Errors) > 0 {
			return formAgain(web.MinutesPage(v), nil)
		}
		saved, err := s.Store.AddOutcome(r.Context(), actorOf(r), o)
		if err != nil {
			return err
		}
		msg := web.OutcomeKindName(saved.Kind) + " är tillagd."
		if saved.Kind == portal.OutcomeTask {
			msg = "Uppföljningsuppgiften är tillagd och visas på " + saved.OwnerName + "s sida tills den är klar."
		}
		return s.seeOther(w, r, p.base, msg)
	}
}

// placeOutcome loads the {outcome} of the URL, which must be an outcome of
// the place's meeting.
func (s *Server) placeOutcome(r *http.Request, place func(*http.Request) (minutesPlace, error)) (minutesPlace, portal.MeetingOutcome, error) {
	p, err := place(r)
	if err != nil {
		return p, portal.MeetingOutcome{}, err
	}
	o, err := byParamIn(r, "outcome", s.Store.OutcomeByID, func(o portal.MeetingOutcome) int64 { return o.MeetingID }, p.meeting.ID)
	return p, o, err
}

// staffTask loads the {outcome} of the URL, a task of the meeting whose
// minutes page it is listed on, and that page, where a change goes back.
func (s *Server) staffTask(r *http.Request) (portal.MeetingOutcome, string, error) {
	p, o, err := s.placeOutcome(r, s.staffMinutesPlace)
	if err == nil && o.Kind != portal.OutcomeTask {
		err = errNotFound
	}
	return o, p.base, err
}

// ownTask loads the {outcome} of the URL, a task the URL's organisation
// owns, and the organisation's page, where a change goes back. Another
// organisation's task does not exist here.
func (s *Server) ownTask(r *http.Request) (portal.MeetingOutcome, string, error) {
	o, err := byParam(r, "outcome", s.Store.OutcomeByID)
	if err == nil && (o.Kind != portal.OutcomeTask || o.OwnerID != organisationOf(r)) {
		err = errNotFound
	}
	return o, web.ContactPath(o.OwnerID, ""), err
}

// markTask marks the task find loads done, or open again, and goes back to
// the page find names: a project leader's minutes page or the owning
// organisation's own page.
func (s *Server) markTask(find func(*http.Request) (portal.MeetingOutcome, string, error), done bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		o, back, err := find(r)
		if err != nil {
			return err
		}
		if !done {
			if err := s.Store.ReopenTask(r.Context(), actorOf(r), o.ID); err != nil {
				return err
			}
			return s.seeOther(w, r, back, "Uppgiften ”"+o.Body+"” är öppen igen.")
		}
		if _, err := s.Store.MarkOutcomeDone(r.Context(), actorOf(r), o.ID); err != nil {
			return err
		}
		return s.seeOther(w, r, back, "Uppgiften ”"+o.Body+"” är klar.")
	}
}

// minutesFormValues is the minutes form filled with the minutes as stored.
func minutesFormValues(m portal.MeetingMinutes) web.MinutesForm {
	return web.MinutesForm{Version: m.Version, Body: m.Body}
}
