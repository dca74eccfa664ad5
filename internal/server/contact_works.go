package server

// An organisation's improvement works, kept up to date by its contacts:
// a work added or changed, and moved on to its next status.

import (
	"errors"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// workFormValues is the improvement work form filled with an improvement work as stored.
func workFormValues(w portal.ImprovementWork) web.WorkForm {
	return web.WorkForm{Version: w.Version, Title: w.Title, Area: w.Area, Status: string(w.Status),
		Description: w.Description, FollowUp: w.FollowUp, StartedOn: dateString(w.StartedOn), FollowUpOn: dateString(w.FollowUpOn),
		Card: workCardForm(w.Card)}
}

// ownWork loads the {work} of the URL, which must be the URL organisation's.
func (s *Server) ownWork(r *http.Request) (portal.ImprovementWork, portal.Organisation, portal.Round, error) {
	return ownRecord(s, r, "work", s.Store.ImprovementWorkByID, func(x portal.ImprovementWork) int64 { return x.ParticipationID })
}

// workView loads the work the URL names, with the form filled, or for a
// new one the URL's participation. The work it returns is what a save
// starts from.
func (s *Server) workView(r *http.Request) (web.WorkView, portal.ImprovementWork, error) {
	if chi.URLParam(r, "work") == "" {
		org, p, round, err := s.ownParticipationForNew(r)
		return web.WorkView{Organisation: org, Round: round, Form: web.WorkForm{Status: string(portal.WorkPlanned)}},
			portal.ImprovementWork{ParticipationID: p.ID}, err
	}
	iw, org, round, err := s.ownWork(r)
	return web.WorkView{Organisation: org, Round: round, Work: &iw, Form: workFormValues(iw)}, iw, err
}

// workPage is the work page as it opens, with the work's results.
func (s *Server) workPage(r *http.Request) (web.WorkView, error) {
	v, _, err := s.workView(r)
	if err != nil {
		return v, err
	}
	return v, s.addWorkResults(r, &v)
}

// addWorkResults adds a stored work's indicators and results to its page.
func (s *Server) addWorkResults(r *http.Request, v *web.WorkView) error {
	if v.Work == nil {
		return nil
	}
	res, err := s.workResults(r.Context(), *v.Work)
	v.Results = res
	return err
}

// saveWork creates a work (with {participation} in the URL) or updates one
// (with {work}).
func (s *Server) saveWork(w http.ResponseWriter, r *http.Request) error {
	v, iw, err := s.workView(r)
	if err != nil {
		return err
	}
	f := readWorkForm(r)
	v.Form = f
	iw.Title, iw.Area, iw.Status, iw.Description, iw.FollowUp = f.Title, f.Area, portal.WorkStatus(f.Status), f.Description, f.FollowUp
	iw.Version = f.Version
	countErrs := portal.FieldErrors{}
	v.Form.Card, iw.Card = readWorkCard(r, countErrs)
	var dateErrs web.Errors
	iw.StartedOn = formDate(&dateErrs, r, "started_on", "Startdatumet")
	iw.FollowUpOn = formDate(&dateErrs, r, "follow_up_on", "Uppföljningsdatumet")
	fe := iw.Validate()
	for k, msg := range countErrs {
		fe.Add(k, msg)
	}
	// A date that could not be read says so, not that it is missing.
	for _, e := range dateErrs {
		delete(fe, e.Field)
	}
	v.Errors = formErrors(fe, append([]string{"title", "area", "status", "description", "started_on", "follow_up_on", "follow_up"},
		cardFieldOrder...)...)
	for _, e := range dateErrs {
		v.Errors.Add(e.Field, e.Message)
	}
	if len(v.Errors) == 0 {
		saved, err := s.Store.SaveImprovementWork(r.Context(), actorOf(r), iw)
		theirs, lost := theirForm(err, workFormValues)
		switch {
		case lost:
			v.Conflict, v.Form.Version = web.Conflicts(theirs, v.Form, nil), theirs.Version
		case err != nil:
			return err
		default:
			msg := "Förbättringsarbetet " + saved.Title + " är sparat (" + web.WorkStatusName(saved.Status) + ")."
			if v.Work != nil && v.Work.Publication == portal.PublicationApproved {
				msg += " Det är borttaget från Lärande exempel tills en projektledare har granskat ändringen."
			}
			return s.seeOther(w, r, web.ContactPath(v.Organisation.ID, ""), msg)
		}
	}
	if err := s.addWorkResults(r, &v); err != nil {
		return err
	}
	return formAgain(web.WorkPage(v), v.Conflict)
}

// advanceWork moves a work to the status after its own, from the button on
// its page. Following up also takes the date and what the follow-up found.
func (s *Server) advanceWork(w http.ResponseWriter, r *http.Request) error {
	v, stored, err := s.workView(r)
	if err != nil {
		return err
	}
	page := web.WorkPath(v.Organisation.ID, stored.ID)
	next, ok := stored.Status.Next()
	if !ok || formText(r, "status", 20) != string(next) {
		return &redirectError{To: page, Flash: "Statusen hade redan ändrats till " + web.WorkStatusName(stored.Status) + "; inget ändrades."}
	}
	iw := stored
	iw.Status, iw.Version = next, postedVersion(r)
	var dateErrs web.Errors
	if next == portal.WorkFollowedUp {
		v.Next = web.NextStatusForm{FollowUpOn: formText(r, "next_follow_up_on", 20), FollowUp: formText(r, "next_follow_up", 11000)}
		iw.FollowUp = v.Next.FollowUp
		iw.FollowUpOn = formDate(&dateErrs, r, "next_follow_up_on", "Uppföljningsdatumet")
	}
	fe := iw.Validate()
	for _, e := range dateErrs {
		delete(fe, "follow_up_on")
		v.Errors.Add(e.Field, e.Message)
	}
	// The step's own fields carry its messages, beside them.
	for _, field := range []string{"follow_up_on", "follow_up"} {
		if msg, ok := fe[field]; ok {
			v.Errors.Add("next_"+field, msg)
			delete(fe, field)
		}
	}
	for field, msg := range fe {
		// The stored work itself fails a rule (an older record): the
		// form above shows which.
		v.Errors.Add(field, msg)
	}
	if len(v.Errors) > 0 {
		if err := s.addWorkResults(r, &v); err != nil {
			return err
		}
		return formAgain(web.WorkPage(v), nil)
	}
	saved, err := s.Store.SaveImprovementWork(r.Context(), actorOf(r), iw)
	switch {
	case errors.Is(err, store.ErrConflict):
		return &redirectError{To: page, Flash: "Någon annan ändrade arbetet medan du tittade; statusen ändrades inte. Kontrollera uppgifterna och försök igen."}
	case err != nil:
		return err
	}
	msg := saved.Title + " är markerat som " + strings.ToLower(web.WorkStatusName(saved.Status)) + "."
	if stored.Publication == portal.PublicationApproved {
		msg += " Det är borttaget från Lärande exempel tills en projektledare har granskat ändringen."
	}
	return s.seeOther(w, r, page, msg)
}

// readWorkForm reads the improvement work form as typed.
func readWorkForm(r *http.Request) web.WorkForm {
	return web.WorkForm{Version: postedVersion(r), Title: formText(r, "title", 300), Area: formText(r, "area", 200),
		Status: formText(r, "status", 20), Description: formText(r, "description", 11000), FollowUp: formText(r, "follow_up", 11000),
		StartedOn: formText(r, "started_on", 20), FollowUpOn: formText(r, "follow_up_on", 20)}
}
