package server

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// sourcesView loads the page of one fact's sources: the fact in words, what
// it cites and who recorded each, and every source to pick from.
func (s *Server) sourcesView(r *http.Request) (web.StaffSourcesView, store.Subject, error) {
	var v web.StaffSourcesView
	round, err := s.loadRound(r)
	if err != nil {
		return v, store.Subject{}, err
	}
	sub, ok := store.ParseSubject(round.ID, chi.URLParam(r, "subject"))
	if !ok {
		return v, sub, errNotFound
	}
	v = web.StaffSourcesView{Round: round, Subject: sub.Path(), Back: subjectPage(round.ID, sub)}
	if v.Label, err = s.Store.SubjectLabel(r.Context(), sub); err != nil {
		return v, sub, err
	}
	if v.Citations, err = s.Store.Citations(r.Context(), sub); err != nil {
		return v, sub, err
	}
	v.Sources, err = s.Store.Sources(r.Context())
	return v, sub, err
}

// subjectPage is the staff page where the fact itself is edited.
func subjectPage(roundID int64, sub store.Subject) string {
	switch sub.Kind {
	case "participation":
		return web.ParticipationPath(roundID, sub.ID)
	case "group", "mentor":
		return web.GroupPath(roundID, sub.ID)
	case "meeting":
		return web.MeetingPath(roundID, sub.ID)
	}
	return web.StaffRoundPath(roundID, "/redigera")
}

func (s *Server) subjectSources(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.sourcesView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.StaffSources(v))
}

// citeSource records that a fact rests on a source staff pick, or on a new
// one they describe: publisher, date, title and the page's address.
func (s *Server) citeSource(w http.ResponseWriter, r *http.Request) error {
	v, sub, err := s.sourcesView(r)
	if err != nil {
		return err
	}
	v.Form = readSourceForm(r)
	var sourceID int64
	var src portal.Source
	isNew := v.Form.Publisher != "" || v.Form.PublishedOn != "" || v.Form.Title != "" || v.Form.URL != ""
	switch {
	case v.Form.SourceID != "" && isNew:
		v.Errors.Add("source", "Välj en befintlig källa eller beskriv en ny, inte båda.")
	case v.Form.SourceID != "":
		id, ok := parseID(v.Form.SourceID)
		if !ok {
			v.Errors.Add("source", "Välj en källa i listan.")
		}
		sourceID = id
	case !isNew:
		v.Errors.Add("source", "Välj en befintlig källa eller beskriv en ny.")
	default:
		src = portal.Source{Publisher: v.Form.Publisher, Title: v.Form.Title, URL: v.Form.URL}
		if src.Publisher == "" {
			v.Errors.Add("publisher", "Ange vem som gav ut källan.")
		}
		src.PublishedOn = formDate(&v.Errors, r, "published_on", "Publiceringsdatumet")
		if src.URL != "" && !publicPage(src.URL) {
			v.Errors.Add("url", "Ange hela adressen till en offentlig sida, som börjar med https:// eller http://.")
		}
		if src.URL == "" && src.Title == "" {
			v.Errors.Add("url", "Ange sidans adress, eller en titel om texten saknar adress.")
		}
	}
	if len(v.Errors) == 0 {
		src, err = s.Store.Cite(r.Context(), actorOf(r), sub, sourceID, src)
		switch {
		case errors.Is(err, store.ErrAlreadyCited):
			v.Errors.Add("source", "Uppgiften hänvisar redan till den källan.")
		case errors.Is(err, store.ErrNotFound):
			v.Errors.Add("source", "Välj en källa i listan.")
		case err != nil:
			return err
		default:
			return s.seeOther(w, r, web.SourcesPath(v.Round.ID, sub.Path()), "Källan är angiven: "+src.Publisher+".")
		}
	}
	return formAgain(web.StaffSources(v), nil)
}

// publicPage reports whether s is the address of a web page: http or https,
// with a host, nothing a browser would read otherwise.
func publicPage(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" &&
		!strings.ContainsAny(s, " <>\"")
}

// readSourceForm reads the source form as typed.
func readSourceForm(r *http.Request) web.SourceForm {
	return web.SourceForm{SourceID: formText(r, "source", 20), Publisher: formText(r, "publisher", 200),
		PublishedOn: formText(r, "published_on", 20), Title: formText(r, "title", 300), URL: formText(r, "url", 1000)}
}
