package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// contactOrganisationView is what an organisation's own page shows: its
// rounds, group, mentors, upcoming meetings, delegation, improvement works
// and what is still missing.
func (s *Server) contactOrganisationView(r *http.Request) (web.ContactOrgView, error) {
	id := organisationOf(r)
	now := s.now()
	key := fmt.Sprintf("contact-organisation:%d", id)
	kept, err := rememberHourly(r.Context(), s.memo, key, now, func(ctx context.Context) (contactOrganisation, error) {
		return s.loadContactOrganisation(ctx, id, now)
	})
	if err != nil {
		return web.ContactOrgView{}, err
	}
	v := kept.view
	v.Calendar, err = s.calendarFeedView(r, id, kept.feed)
	return v, err
}

// contactOrganisation is what an organisation's own page shows, kept per
// data version and hour (upcoming and held meetings change with the date)
// like the staff round page.
type contactOrganisation struct {
	view web.ContactOrgView
	feed portal.CalendarFeed
}

func (s *Server) loadContactOrganisation(ctx context.Context, id int64, now time.Time) (contactOrganisation, error) {
	org, err := s.Store.OrganisationByID(ctx, id)
	if err != nil {
		return contactOrganisation{}, err
	}
	parts, err := s.Store.OrganisationParticipations(ctx, org.ID)
	if err != nil {
		return contactOrganisation{}, err
	}
	v := web.ContactOrgView{Organisation: org}
	var pids []int64
	for _, p := range parts {
		pids = append(pids, p.ID)
	}
	delegates, err := s.Store.Delegates(ctx, pids)
	if err != nil {
		return contactOrganisation{}, err
	}
	works, err := s.Store.ImprovementWorks(ctx, pids)
	if err != nil {
		return contactOrganisation{}, err
	}
	for _, p := range parts {
		pv := web.ContactParticipationView{ContactParticipation: p, Delegates: delegates[p.ID], Works: works[p.ID]}
		pv.Status = portal.ParticipantStatus{Participation: p.Participation, LevelCounts: map[portal.Level]int{}}
		for _, d := range pv.Delegates {
			pv.Status.LevelCounts[d.Level]++
		}
		v.Participations = append(v.Participations, pv)
	}
	if v.Meetings, err = s.Store.UpcomingMeetings(ctx, org.ID); err != nil {
		return contactOrganisation{}, err
	}
	v.Today = portal.StockholmDay(now)
	if v.Tasks, err = s.Store.OpenTasks(ctx, org.ID); err != nil {
		return contactOrganisation{}, err
	}
	if v.Hosted, err = s.Store.HostedMeetings(ctx, org.ID, v.Today); err != nil {
		return contactOrganisation{}, err
	}
	if v.ParticipationsDrawing, err = web.DrawContactParticipations(ctx, v); err != nil {
		return contactOrganisation{}, err
	}
	feed, err := s.Store.CalendarFeed(ctx, org.ID)
	return contactOrganisation{view: v, feed: feed}, err
}

// delegateFormValues is the delegate form filled with a delegate as stored.
func delegateFormValues(d portal.Delegate) web.DelegateForm {
	return web.DelegateForm{Version: strconv.Itoa(d.Version), Level: string(d.Level), Name: d.Name, Title: d.Title,
		Party: d.Party, Email: d.Email, Phone: d.Phone}
}

// ownDelegate loads the {delegate} of the URL with its participation, which
// must be the URL organisation's.
func (s *Server) ownDelegate(r *http.Request) (portal.Delegate, portal.Organisation, portal.Round, error) {
	return ownRecord(s, r, "delegate", kept(s, r, "delegate", s.Store.DelegateByID), func(x portal.Delegate) int64 { return x.ParticipationID })
}

// newDelegateForm is the form for a new delegate, with the first level the
// delegation still lacks chosen, since that is most often who is added.
func (s *Server) newDelegateForm(w http.ResponseWriter, r *http.Request) error {
	org, p, round, err := s.ownParticipationForNew(r)
	if err != nil {
		return err
	}
	delegates, err := s.Store.Delegates(r.Context(), []int64{p.ID})
	if err != nil {
		return err
	}
	status := portal.ParticipantStatus{Participation: p, LevelCounts: map[portal.Level]int{}}
	for _, d := range delegates[p.ID] {
		status.LevelCounts[d.Level]++
	}
	var f web.DelegateForm
	if missing := status.MissingLevels(); len(missing) > 0 {
		f.Level = string(missing[0])
	}
	return s.render(w, r, http.StatusOK, web.DelegatePage(web.DelegateView{Organisation: org, Round: round, Form: f}))
}

func (s *Server) showDelegate(w http.ResponseWriter, r *http.Request) error {
	d, org, round, err := s.ownDelegate(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.DelegatePage(web.DelegateView{Organisation: org, Round: round, Delegate: &d,
		Form: delegateFormValues(d)}))
}

// saveDelegate creates a delegate (with {participation} in the URL) or
// updates one (with {delegate}).
func (s *Server) saveDelegate(w http.ResponseWriter, r *http.Request) error {
	stored, org, round, pid, err := ownOrNew(s, r, "delegate", s.ownDelegate)
	if err != nil {
		return err
	}
	v := web.DelegateView{Organisation: org, Round: round, Delegate: stored}
	d := portal.Delegate{ParticipationID: pid}
	if stored != nil {
		d = *stored
	}
	f := readDelegateForm(r)
	v.Form = f
	d.Level, d.Name, d.Title, d.Party, d.Email, d.Phone = portal.Level(f.Level), f.Name, f.Title, f.Party, f.Email, f.Phone
	d.Version = parseVersion(f.Version)
	v.Errors = formErrors(d.Validate(), "level", "name", "title", "party", "email", "phone")
	if len(v.Errors) == 0 {
		saved, err := s.Store.SaveDelegate(r.Context(), actorOf(r), d)
		theirs, lost := theirForm(err, delegateFormValues)
		switch {
		case lost:
			v.Conflict, v.Form.Version = web.Conflicts(theirs, f, nil), theirs.Version
		case errors.Is(err, store.ErrNotFound):
			// Erased by someone else meanwhile: say so instead of a 500.
			return s.seeOther(w, r, web.ContactPath(v.Organisation.ID, ""), "Delegaten finns inte längre; någon annan har tagit bort den. Inget sparades.")
		case err != nil:
			return err
		default:
			return s.seeOther(w, r, web.ContactPath(v.Organisation.ID, ""), saved.Name+" är sparad i delegationen.")
		}
	}
	return formAgain(web.DelegatePage(v), v.Conflict)
}

// confirmEraseDelegate asks before a delegate is erased: erasing is for
// good, so it is never one click from the form that also saves.
func (s *Server) confirmEraseDelegate(w http.ResponseWriter, r *http.Request) error {
	d, org, round, err := s.ownDelegate(r)
	if err != nil {
		return err
	}
	back := web.DelegatePath(org.ID, d.ID)
	return s.render(w, r, http.StatusOK, web.ConfirmPage(web.ConfirmView{
		Title:  "Radera " + d.Name + "?",
		Crumbs: web.ContactCrumbs(org, "Radera delegat"),
		Lead: []string{
			d.Name + " (" + web.LevelName(d.Level) + ") tas bort ur " + org.Name + "s delegation i " + round.Name + ".",
			"Uppgifterna raderas för gott, också ur exporter och närvarolistor. I ändringshistoriken syns bara att en delegat togs bort.",
		},
		Action: back + "/radera", Version: strconv.Itoa(d.Version),
		Button: "Radera " + d.Name, Cancel: back,
	}))
}

func (s *Server) eraseDelegate(w http.ResponseWriter, r *http.Request) error {
	d, org, _, err := s.ownDelegate(r)
	if err != nil {
		return err
	}
	err = s.Store.EraseDelegate(r.Context(), actorOf(r), d.ID, int64(parseVersion(r.PostFormValue("version"))))
	return afterChange(err, web.ContactPath(org.ID, ""), d.Name+" är raderad ur delegationen.",
		refusal{store.ErrConflict, d.Name + " ändrades av någon annan medan du tittade; inget raderades. Kontrollera uppgifterna och försök igen."},
		refusal{store.ErrNotFound, d.Name + " var redan raderad."})
}

// workFormValues is the improvement work form filled with an improvement work as stored.
func workFormValues(w portal.ImprovementWork) web.WorkForm {
	return web.WorkForm{Version: strconv.Itoa(w.Version), Title: w.Title, Area: w.Area, Status: string(w.Status),
		Description: w.Description, FollowUp: w.FollowUp, StartedOn: dateString(w.StartedOn), FollowUpOn: dateString(w.FollowUpOn),
		Card: workCardForm(w.Card)}
}

// ownWork loads the {work} of the URL, which must be the URL organisation's.
func (s *Server) ownWork(r *http.Request) (portal.ImprovementWork, portal.Organisation, portal.Round, error) {
	return ownRecord(s, r, "work", s.Store.ImprovementWorkByID, func(x portal.ImprovementWork) int64 { return x.ParticipationID })
}

func (s *Server) newWorkForm(w http.ResponseWriter, r *http.Request) error {
	org, _, round, err := s.ownParticipationForNew(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.WorkPage(web.WorkView{Organisation: org, Round: round,
		Form: web.WorkForm{Status: string(portal.WorkPlanned)}}))
}

func (s *Server) showWork(w http.ResponseWriter, r *http.Request) error {
	iw, org, round, err := s.ownWork(r)
	if err != nil {
		return err
	}
	res, err := s.workResults(r.Context(), iw)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.WorkPage(web.WorkView{Organisation: org, Round: round, Work: &iw, Form: workFormValues(iw),
		Results: res}))
}

// saveWork creates a work (with {participation} in the URL) or updates one
// (with {work}).
func (s *Server) saveWork(w http.ResponseWriter, r *http.Request) error {
	stored, org, round, pid, err := ownOrNew(s, r, "work", s.ownWork)
	if err != nil {
		return err
	}
	v := web.WorkView{Organisation: org, Round: round, Work: stored}
	iw := portal.ImprovementWork{ParticipationID: pid}
	if stored != nil {
		iw = *stored
	}
	f := readWorkForm(r)
	v.Form = f
	iw.Title, iw.Area, iw.Status, iw.Description, iw.FollowUp = f.Title, f.Area, portal.WorkStatus(f.Status), f.Description, f.FollowUp
	iw.Version = parseVersion(f.Version)
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
	if v.Work != nil {
		res, err := s.workResults(r.Context(), *v.Work)
		if err != nil {
			return err
		}
		v.Results = res
	}
	return formAgain(web.WorkPage(v), v.Conflict)
}

// advanceWork moves a work to the status after its own, from the button on
// its page. Following up also takes the date and what the follow-up found.
func (s *Server) advanceWork(w http.ResponseWriter, r *http.Request) error {
	stored, org, round, err := s.ownWork(r)
	if err != nil {
		return err
	}
	page := web.WorkPath(org.ID, stored.ID)
	next, ok := stored.Status.Next()
	if !ok || formText(r, "status", 20) != string(next) {
		return &redirectError{To: page, Flash: "Statusen hade redan ändrats till " + web.WorkStatusName(stored.Status) + "; inget ändrades."}
	}
	iw := stored
	iw.Status, iw.Version = next, parseVersion(r.PostFormValue("version"))
	v := web.WorkView{Organisation: org, Round: round, Work: &stored, Form: workFormValues(stored)}
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
		res, err := s.workResults(r.Context(), stored)
		if err != nil {
			return err
		}
		v.Results = res
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

// readDelegateForm reads the delegate form as typed.
func readDelegateForm(r *http.Request) web.DelegateForm {
	return web.DelegateForm{Version: formText(r, "version", 10), Level: formText(r, "level", 20), Name: formText(r, "name", 300),
		Title: formText(r, "title", 300), Party: formText(r, "party", 200), Email: formText(r, "email", 300), Phone: formText(r, "phone", 40)}
}

// readWorkForm reads the improvement work form as typed.
func readWorkForm(r *http.Request) web.WorkForm {
	return web.WorkForm{Version: formText(r, "version", 10), Title: formText(r, "title", 300), Area: formText(r, "area", 200),
		Status: formText(r, "status", 20), Description: formText(r, "description", 11000), FollowUp: formText(r, "follow_up", 11000),
		StartedOn: formText(r, "started_on", 20), FollowUpOn: formText(r, "follow_up_on", 20)}
}
