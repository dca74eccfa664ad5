package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

func (s *Server) staffRounds(w http.ResponseWriter, r *http.Request) error {
	rounds, err := s.Store.Rounds(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.StaffRounds(rounds))
}

// roundFormValues is the round form filled with a round as stored.
func roundFormValues(round portal.Round) web.RoundForm {
	f := web.RoundForm{ID: round.ID, Version: round.Version, Name: round.Name, Slug: round.Slug,
		StartYear: strconv.Itoa(round.StartYear), EndYear: strconv.Itoa(round.EndYear), Status: string(round.Status),
		Description: round.Description, ReminderDays: strconv.Itoa(round.ReminderDays)}
	for _, t := range round.Tracks {
		f.Tracks = append(f.Tracks, string(t))
	}
	for _, id := range round.LeaderIDs {
		f.Leaders = append(f.Leaders, strconv.FormatInt(id, 10))
	}
	return f
}

// roundFormPage is the round form with the staff to choose leaders from.
func (s *Server) roundFormPage(r *http.Request, v web.RoundFormView) (templ.Component, error) {
	staff, err := s.Store.StaffUsers(r.Context())
	if err != nil {
		return nil, err
	}
	v.Staff = staff
	return web.RoundFormPage(v), nil
}

func (s *Server) newRoundForm(w http.ResponseWriter, r *http.Request) error {
	year := time.Now().Year() + 1
	page, err := s.roundFormPage(r, web.RoundFormView{Form: web.RoundForm{
		StartYear: strconv.Itoa(year), EndYear: strconv.Itoa(year + 1), Status: string(portal.StatusPlanned),
		Tracks: []string{string(portal.TrackMunicipal)}, Slug: strconv.Itoa(year) + "-" + strconv.Itoa(year+1),
		ReminderDays: strconv.Itoa(portal.DefaultReminderDays),
	}})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, page)
}

// readRoundForm decodes the round form into what was typed and the round
// it describes, with the problems found.
func readRoundForm(r *http.Request) (web.RoundForm, portal.Round, web.Errors) {
	f := web.RoundForm{Version: postedVersion(r), Name: formText(r, "name", 300),
		Slug: strings.ToLower(formText(r, "slug", 60)), StartYear: formText(r, "start_year", 10),
		EndYear: formText(r, "end_year", 10), Status: formText(r, "status", 20), Tracks: formValues(r, "tracks"),
		Description: formText(r, "description", 6000), Leaders: formValues(r, "leaders"),
		ReminderDays: formText(r, "reminder_days", 10)}
	round := portal.Round{Name: f.Name, Slug: f.Slug, Status: portal.Status(f.Status), Description: f.Description,
		LeaderIDs: ids(f.Leaders)}
	round.Version = f.Version
	round.StartYear, _ = strconv.Atoi(f.StartYear)
	round.EndYear, _ = strconv.Atoi(f.EndYear)
	for _, t := range f.Tracks {
		round.Tracks = append(round.Tracks, portal.Track(t))
	}
	days, err := strconv.Atoi(f.ReminderDays)
	round.ReminderDays = days
	fe := round.Validate()
	if err != nil {
		fe.Add("reminder_days", "Ange ett antal dagar från 0 till 60; 0 betyder ingen påminnelse.")
	}
	errs := formErrors(fe, "name", "slug", "start_year", "end_year", "status", "tracks", "description", "reminder_days")
	return f, round, errs
}

func (s *Server) createRound(w http.ResponseWriter, r *http.Request) error {
	f, round, errs := readRoundForm(r)
	if len(errs) == 0 {
		created, err := s.Store.CreateRound(r.Context(), actorOf(r), round)
		switch {
		case errors.Is(err, store.ErrDuplicate):
			errs.Add("slug", "Det finns redan en omgång med den kortadressen. Välj en annan.")
		case err != nil:
			return err
		default:
			return s.seeOther(w, r, web.StaffRoundPath(created.ID, ""), "Omgången "+created.Name+" är skapad.")
		}
	}
	page, err := s.roundFormPage(r, web.RoundFormView{Form: f, Errors: errs})
	if err != nil {
		return err
	}
	return formAgain(page, nil)
}

func (s *Server) editRoundForm(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	page, err := s.roundFormPage(r, web.RoundFormView{Round: &round, Form: roundFormValues(round)})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, page)
}

func (s *Server) updateRound(w http.ResponseWriter, r *http.Request) error {
	stored, err := s.loadRound(r)
	if err != nil {
		return err
	}
	f, round, errs := readRoundForm(r)
	f.ID, round.ID = stored.ID, stored.ID
	v := web.RoundFormView{Round: &stored, Form: f, Errors: errs}
	if len(errs) == 0 {
		_, err := s.Store.UpdateRound(r.Context(), actorOf(r), round)
		theirs, lost := theirForm(err, roundFormValues)
		switch {
		case lost:
			names, err := s.staffNames(r.Context())
			if err != nil {
				return err
			}
			v.Conflict, v.Form.Version = web.Conflicts(theirs, f, names), theirs.Version
		case errors.Is(err, store.ErrDuplicate):
			v.Errors.Add("slug", "Det finns redan en omgång med den kortadressen. Välj en annan.")
		case err != nil:
			return err
		default:
			return s.seeOther(w, r, web.StaffRoundPath(stored.ID, ""), "Ändringarna är sparade.")
		}
	}
	page, err := s.roundFormPage(r, v)
	if err != nil {
		return err
	}
	return formAgain(page, v.Conflict)
}

func (s *Server) changeRoundStatus(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	to := portal.Status(r.PostFormValue("status"))
	version := postedVersion(r)
	back := web.StaffRoundPath(round.ID, "")
	if !portal.ValidStatus(to) {
		return s.seeOther(w, r, back, "Okänd status; inget ändrades.")
	}
	round.Status, round.Version = to, version
	_, err = s.Store.UpdateRound(r.Context(), actorOf(r), round)
	var conflict *store.ConflictError[portal.Round]
	if errors.As(err, &conflict) {
		return s.seeOther(w, r, back, "Någon annan ändrade omgången samtidigt; statusen är nu "+strings.ToLower(web.StatusName(conflict.Current.Status))+". Inget ändrades.")
	}
	return afterChange(err, back, "Statusen är ändrad till "+strings.ToLower(web.StatusName(to))+".")
}

// publishRound makes a draft round public, from its check page.
func (s *Server) publishRound(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	back := web.StaffRoundPath(round.ID, "")
	switch _, err := s.Store.PublishRound(r.Context(), actorOf(r), round.ID); {
	case errors.Is(err, store.ErrConflict):
		return &redirectError{To: back, Flash: round.Name + " var redan publicerad."}
	case err != nil:
		return err
	}
	return &redirectError{To: back, Flash: round.Name + " är publicerad och syns nu för alla."}
}

// roundDashboardView loads what a round's staff page and its check page
// (before it goes public) show. It is kept per data version and hour (what
// is overdue and which meetings have been held change with the date), the
// page's lower part drawn, so that the page costs one render of its top.
func (s *Server) roundDashboardView(r *http.Request) (web.RoundDashboardView, error) {
	id, ok := idParam(r, "round")
	if !ok {
		return web.RoundDashboardView{}, errNotFound
	}
	now := s.now()
	key := fmt.Sprintf("round-dashboard-view:%d", id)
	return rememberHourly(r.Context(), s.memo, key, now, func(ctx context.Context) (web.RoundDashboardView, error) {
		return s.loadRoundDashboard(ctx, id, now)
	})
}

func (s *Server) loadRoundDashboard(ctx context.Context, id int64, now time.Time) (web.RoundDashboardView, error) {
	round, err := s.Store.RoundByID(ctx, id)
	if err != nil {
		return web.RoundDashboardView{}, fmt.Errorf("load round %d: %w", id, err)
	}
	rows, err := s.Store.RoundDashboard(ctx, round.ID)
	if err != nil {
		return web.RoundDashboardView{}, err
	}
	ov, err := s.public().RoundOverview(ctx, round.ID)
	if err != nil {
		return web.RoundDashboardView{}, err
	}
	meetings, err := s.public().RoundMeetings(ctx, round.ID)
	if err != nil {
		return web.RoundDashboardView{}, err
	}
	overdue, err := s.Store.OverdueTasks(ctx, round.ID, portal.StockholmDay(now))
	if err != nil {
		return web.RoundDashboardView{}, err
	}
	attendance, err := s.Store.RoundAttendance(ctx, round.ID, portal.StockholmDay(now))
	if err != nil {
		return web.RoundDashboardView{}, err
	}
	v := web.RoundDashboardView{Round: round, Rows: rows, Groups: ov.Groups, Meetings: meetings,
		Today: time.Now().Truncate(24 * time.Hour), OverdueTasks: overdue, Attendance: attendance}
	v.HeadDrawing, v.Drawing, err = web.DrawRoundDashboard(ctx, v)
	return v, err
}

// staffNames names the staff a round's form offers as project leaders, for
// its conflict notice.
func (s *Server) staffNames(ctx context.Context) (web.Names, error) {
	staff, err := s.Store.StaffUsers(ctx)
	names := map[string]string{}
	for _, u := range staff {
		names[strconv.FormatInt(u.ID, 10)] = u.Name
	}
	return web.Names{"users": names}, err
}
