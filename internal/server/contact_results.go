package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// workResults loads what the work page shows below its form.
func (s *Server) workResults(ctx context.Context, w portal.ImprovementWork) (web.WorkResultsView, error) {
	inds, err := s.Store.Indicators(ctx, []int64{w.ID})
	if err != nil {
		return web.WorkResultsView{}, err
	}
	res, err := s.Store.Results(ctx, []int64{w.ID})
	if err != nil {
		return web.WorkResultsView{}, err
	}
	return web.WorkResultsView{Indicators: inds[w.ID], Results: res[w.ID],
		Missing: portal.ReadyToPropose(w, inds[w.ID], res[w.ID])}, nil
}

// workCardForm is the stored card as the form shows it.
func workCardForm(c portal.WorkCard) web.WorkCardForm {
	n := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	rep := c.Representation
	return web.WorkCardForm{ServiceArea: string(c.ServiceArea), Inequality: c.Inequality, Baseline: c.Baseline,
		Measures: c.Measures, UsersWomen: n(rep.UsersWomen), UsersMen: n(rep.UsersMen), StaffWomen: n(rep.StaffWomen),
		StaffMen: n(rep.StaffMen), DecidersWomen: n(rep.DecidersWomen), DecidersMen: n(rep.DecidersMen),
		Resources: c.Resources, Realia: c.Realia, Requirements: c.Requirements}
}

// readWorkCard reads the card's fields from the posted form into f and
// the card, reporting counts that are not counts.
func readWorkCard(r *http.Request, errs portal.FieldErrors) (web.WorkCardForm, portal.WorkCard) {
	f := web.WorkCardForm{ServiceArea: formText(r, "service_area", 40), Inequality: formText(r, "inequality", 6000),
		Baseline: formText(r, "baseline", 6000), Measures: formText(r, "measures", 6000),
		UsersWomen: formText(r, "users_women", 20), UsersMen: formText(r, "users_men", 20),
		StaffWomen: formText(r, "staff_women", 20), StaffMen: formText(r, "staff_men", 20),
		DecidersWomen: formText(r, "deciders_women", 20), DecidersMen: formText(r, "deciders_men", 20),
		Resources: formText(r, "resources", 4000), Realia: formText(r, "realia", 4000), Requirements: formText(r, "requirements", 4000)}
	c := portal.WorkCard{ServiceArea: portal.ServiceArea(f.ServiceArea), Inequality: f.Inequality, Baseline: f.Baseline,
		Measures: f.Measures, Resources: f.Resources, Realia: f.Realia, Requirements: f.Requirements}
	for _, x := range []struct {
		field, typed string
		dst          **int
	}{
		{"users_women", f.UsersWomen, &c.Representation.UsersWomen}, {"users_men", f.UsersMen, &c.Representation.UsersMen},
		{"staff_women", f.StaffWomen, &c.Representation.StaffWomen}, {"staff_men", f.StaffMen, &c.Representation.StaffMen},
		{"deciders_women", f.DecidersWomen, &c.Representation.DecidersWomen}, {"deciders_men", f.DecidersMen, &c.Representation.DecidersMen},
	} {
		n, ok := portal.ParseCount(x.typed)
		if !ok {
			errs.Add(x.field, "Ange ett antal med siffror, till exempel 120, eller lämna fältet tomt.")
		}
		*x.dst = n
	}
	return f, c
}

// cardFieldOrder is the order of the card's fields in the error summary.
var cardFieldOrder = []string{"service_area", "inequality", "baseline", "measures", "users_women", "users_men",
	"staff_women", "staff_men", "deciders_women", "deciders_men", "resources", "realia", "requirements"}

// maxIndicatorRows bounds the value rows read from one form.
const maxIndicatorRows = 30

// indicatorFormValues is the indicator form filled with an indicator as stored.
func indicatorFormValues(ind portal.Indicator) web.IndicatorForm {
	f := web.IndicatorForm{Version: ind.Version, Name: ind.Name, Unit: ind.Unit, Source: string(ind.Source),
		KoladaKPI: ind.KoladaKPI, SourceNote: ind.SourceNote}
	for _, v := range ind.Values {
		row := portal.IndicatorRow{Date: v.MeasuredOn.Format(time.DateOnly), Women: portal.FormatNumber(v.Women),
			Men: portal.FormatNumber(v.Men)}
		if v.Total != nil {
			row.Total = portal.FormatNumber(*v.Total)
		}
		f.Rows = append(f.Rows, row)
	}
	return f
}

// indicatorView loads the work and, on edit, the indicator of the URL.
func (s *Server) indicatorView(r *http.Request) (web.IndicatorView, error) {
	iw, org, round, err := s.ownWork(r)
	if err != nil {
		return web.IndicatorView{}, err
	}
	ind, err := optionalIn(r, "indicator", s.Store.IndicatorByID, func(x portal.Indicator) int64 { return x.WorkID }, iw.ID)
	v := web.IndicatorView{Organisation: org, Round: round, Work: iw, Indicator: ind, Form: web.IndicatorForm{Source: string(portal.SourceOwn)}}
	if ind != nil {
		v.Form = indicatorFormValues(*ind)
	}
	return v, err
}

// saveIndicator creates or updates an indicator with its values.
func (s *Server) saveIndicator(w http.ResponseWriter, r *http.Request) error {
	v, err := s.indicatorView(r)
	if err != nil {
		return err
	}
	f := readIndicatorForm(r)
	for i := 0; i < maxIndicatorRows; i++ {
		p := "values-" + strconv.Itoa(i) + "-"
		if _, present := r.PostForm[p+"date"]; !present {
			break
		}
		f.Rows = append(f.Rows, portal.IndicatorRow{Date: formText(r, p+"date", 20), Women: formText(r, p+"women", 30),
			Men: formText(r, p+"men", 30), Total: formText(r, p+"total", 30)})
	}
	ind := portal.Indicator{WorkID: v.Work.ID, Name: f.Name, Unit: f.Unit, Source: portal.IndicatorSource(f.Source),
		KoladaKPI: f.KoladaKPI, SourceNote: f.SourceNote, Version: f.Version}
	if v.Indicator != nil {
		ind.ID = v.Indicator.ID
	}
	rowErrs := portal.FieldErrors{}
	ind.Values = portal.ParseIndicatorRows(f.Rows, rowErrs)
	fe := ind.Validate()
	if len(rowErrs) > 0 {
		delete(fe, "values-0-date") // the rows say what is wrong with them
	}
	order := []string{"name", "unit", "source", "kolada_kpi", "source_note"}
	for i := range max(len(f.Rows), 1) {
		p := "values-" + strconv.Itoa(i) + "-"
		order = append(order, p+"date", p+"women", p+"men", p+"total")
	}
	for k, msg := range rowErrs {
		fe.Add(k, msg)
	}
	v.Form = f
	v.Errors = formErrors(fe, order...)
	if len(v.Errors) == 0 {
		saved, err := s.Store.SaveIndicator(r.Context(), actorOf(r), ind)
		theirs, lost := theirForm(err, indicatorFormValues)
		switch {
		case lost:
			v.Conflict, v.Form.Version = web.Conflicts(theirs, f, nil), theirs.Version
		case errors.Is(err, store.ErrNotFound):
			return s.seeOther(w, r, web.WorkPath(v.Organisation.ID, v.Work.ID), "Indikatorn finns inte längre; någon annan har tagit bort den. Inget sparades.")
		case err != nil:
			return err
		default:
			return s.seeOther(w, r, web.WorkPath(v.Organisation.ID, v.Work.ID)+"#indicators", "Indikatorn "+saved.Name+" är sparad.")
		}
	}
	return formAgain(web.IndicatorPage(v), v.Conflict)
}

func (s *Server) deleteIndicator(w http.ResponseWriter, r *http.Request) error {
	v, err := s.indicatorView(r)
	if err != nil {
		return err
	}
	err = s.Store.DeleteIndicator(r.Context(), actorOf(r), v.Indicator.ID, postedVersion(r))
	return afterChange(err, web.WorkPath(v.Organisation.ID, v.Work.ID), "Indikatorn "+v.Indicator.Name+" är borttagen.",
		refusal{store.ErrConflict, "Indikatorn " + v.Indicator.Name + " ändrades av någon annan medan du tittade; inget togs bort. Kontrollera den och försök igen."},
		refusal{store.ErrNotFound, "Indikatorn var redan borttagen."})
}

// resultFormValues is the result form filled with a result as stored.
func resultFormValues(x portal.WorkResult) web.ResultForm {
	return web.ResultForm{Version: x.Version, Kind: string(x.Kind), Description: x.Description, Evidence: x.Evidence}
}

// resultView loads the work and, on edit, the result of the URL.
func (s *Server) resultView(r *http.Request) (web.ResultView, error) {
	iw, org, round, err := s.ownWork(r)
	if err != nil {
		return web.ResultView{}, err
	}
	x, err := optionalIn(r, "result", s.Store.ResultByID, func(x portal.WorkResult) int64 { return x.WorkID }, iw.ID)
	v := web.ResultView{Organisation: org, Round: round, Work: iw, Result: x}
	if x != nil {
		v.Form = resultFormValues(*x)
	}
	return v, err
}

func (s *Server) saveResult(w http.ResponseWriter, r *http.Request) error {
	v, err := s.resultView(r)
	if err != nil {
		return err
	}
	f := readResultForm(r)
	x := portal.WorkResult{WorkID: v.Work.ID, Kind: portal.ResultKind(f.Kind), Description: f.Description,
		Evidence: f.Evidence, Version: f.Version}
	if v.Result != nil {
		x.ID = v.Result.ID
	}
	v.Form = f
	v.Errors = formErrors(x.Validate(), "kind", "description", "evidence")
	if len(v.Errors) == 0 {
		_, err := s.Store.SaveResult(r.Context(), actorOf(r), x)
		theirs, lost := theirForm(err, resultFormValues)
		switch {
		case lost:
			v.Conflict, v.Form.Version = web.Conflicts(theirs, f, nil), theirs.Version
		case errors.Is(err, store.ErrNotFound):
			return s.seeOther(w, r, web.WorkPath(v.Organisation.ID, v.Work.ID), "Resultatet finns inte längre; någon annan har tagit bort det. Inget sparades.")
		case err != nil:
			return err
		default:
			return s.seeOther(w, r, web.WorkPath(v.Organisation.ID, v.Work.ID)+"#results", "Resultatet är sparat ("+web.ResultKindName(x.Kind)+").")
		}
	}
	return formAgain(web.ResultPage(v), v.Conflict)
}

func (s *Server) deleteResult(w http.ResponseWriter, r *http.Request) error {
	v, err := s.resultView(r)
	if err != nil {
		return err
	}
	if v.Result == nil {
		return errNotFound
	}
	err = s.Store.DeleteResult(r.Context(), actorOf(r), v.Result.ID, postedVersion(r))
	return afterChange(err, web.WorkPath(v.Organisation.ID, v.Work.ID), "Resultatet är borttaget.",
		refusal{store.ErrConflict, "Resultatet ändrades av någon annan medan du tittade; inget togs bort. Kontrollera det och försök igen."},
		refusal{store.ErrNotFound, "Resultatet var redan borttaget."})
}

// proposeWork sends a complete work to the project leaders for review as
// a learning example.
func (s *Server) proposeWork(w http.ResponseWriter, r *http.Request) error {
	iw, org, _, err := s.ownWork(r)
	if err != nil {
		return err
	}
	back := web.WorkPath(org.ID, iw.ID) + "#publication"
	res, err := s.workResults(r.Context(), iw)
	if err != nil {
		return err
	}
	if len(res.Missing) > 0 {
		return s.seeOther(w, r, back, "Arbetet kan inte föreslås ännu: det saknas uppgifter (se listan under Lärande exempel).")
	}
	err = s.Store.SetPublication(r.Context(), actorOf(r), iw.ID, postedVersion(r),
		[]portal.Publication{portal.PublicationDraft, portal.PublicationReturned}, portal.PublicationProposed, "", "propose")
	const changed = "Arbetet ändrades av någon annan medan du tittade; det föreslogs inte. Kontrollera det och försök igen."
	return afterChange(err, back, "Förbättringsarbetet "+iw.Title+" är föreslaget som lärande exempel. En projektledare granskar det.",
		refusal{store.ErrConflict, changed}, refusal{store.ErrWrongPublication, changed})
}

// readIndicatorForm reads the indicator form as typed.
func readIndicatorForm(r *http.Request) web.IndicatorForm {
	return web.IndicatorForm{Version: postedVersion(r), Name: formText(r, "name", 300), Unit: formText(r, "unit", 60),
		Source: formText(r, "source", 20), KoladaKPI: formText(r, "kolada_kpi", 20), SourceNote: formText(r, "source_note", 600)}
}

// readResultForm reads the result form as typed.
func readResultForm(r *http.Request) web.ResultForm {
	return web.ResultForm{Version: postedVersion(r), Kind: formText(r, "kind", 20),
		Description: formText(r, "description", 4000), Evidence: formText(r, "evidence", 4000)}
}
