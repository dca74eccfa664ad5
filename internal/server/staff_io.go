package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/auth"
	"modellportalen/internal/export"
	"modellportalen/internal/importcsv"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// staffIORoutes are a round's exports and its CSV import.
func (s *Server) staffIORoutes(r chi.Router) {
	m := auth.ActionManageRounds
	s.route(r, http.MethodGet, "/personal/omgangar/{round}/export/deltagare.csv", m, s.exportParticipants("csv"))
	s.route(r, http.MethodGet, "/personal/omgangar/{round}/export/deltagare.xlsx", m, s.exportParticipants("xlsx"))
	s.route(r, http.MethodGet, "/personal/omgangar/{round}/export/kontakter.csv", m, s.exportContacts("csv"))
	s.route(r, http.MethodGet, "/personal/omgangar/{round}/export/kontakter.xlsx", m, s.exportContacts("xlsx"))
	s.route(r, http.MethodGet, "/personal/omgangar/{round}/import", m, s.importForm)
	s.route(r, http.MethodPost, "/personal/omgangar/{round}/import", m, s.importPreview)
	s.route(r, http.MethodPost, "/personal/omgangar/{round}/import/genomfor", m, s.importCommit)
}

func (s *Server) exportParticipants(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		round, ok := s.loadRound(w, r)
		if !ok {
			return
		}
		ov, err := s.Store.RoundOverview(r.Context(), round)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.sendExport(w, r, export.Participants(ov), export.FileName("deltagare", round, format), format)
	}
}

// exportContacts sends the round's contact list. It is personal data, so
// who exported it, when, in which format and how many rows is logged
// before anything is sent.
func (s *Server) exportContacts(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		round, ok := s.loadRound(w, r)
		if !ok {
			return
		}
		ctx := r.Context()
		ds, err := s.Store.RoundDelegates(ctx, round.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		err = store.Audit(ctx, s.Store.Pool, actorOf(r), "export", "rounds", round.ID, nil,
			map[string]any{"export": "kontakter", "format": format, "rows": len(ds)})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.sendExport(w, r, export.Contacts(ds), export.FileName("kontakter", round, format), format)
	}
}

// sendExport writes the table into a buffer first, so a failure becomes an
// error page rather than half a download.
func (s *Server) sendExport(w http.ResponseWriter, r *http.Request, t export.Table, name, format string) {
	var buf bytes.Buffer
	var err error
	contentType := export.ContentTypeCSV
	if format == "xlsx" {
		contentType = export.ContentTypeXLSX
		err = export.WriteXLSX(&buf, t)
	} else {
		err = export.WriteCSV(&buf, t)
	}
	if err != nil {
		s.serverError(w, r, fmt.Errorf("export %s: %w", name, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	// The name is made of a fixed word and the round's slug (a–z, 0–9 and
	// hyphens), so it needs no quoting beyond the quotes.
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	// Lists of people must not linger in shared caches or the browser's.
	h.Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	round, ok := s.loadRound(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, web.RoundImport(web.ImportView{Round: round, Flash: s.popFlash(r)}))
}

// importPreview reads the uploaded file, or the pasted text when no file
// was chosen, and shows what importing it would do. Nothing is written.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) {
	round, ok := s.loadRound(w, r)
	if !ok {
		return
	}
	v := web.ImportView{Round: round}
	text, err := importText(r)
	if err != nil {
		v.Text = r.PostFormValue("text")
		v.Errors.Add(err.field, err.msg)
		s.render(w, r, http.StatusUnprocessableEntity, web.RoundImport(v))
		return
	}
	v.Text = text
	res, cerr := s.Store.CheckImport(r.Context(), round, text)
	if cerr != nil {
		s.serverError(w, r, cerr)
		return
	}
	v.Result = &res
	status := http.StatusOK
	if !res.OK() {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, web.RoundImport(v))
}

// importCommit carries out an import the preview showed. The text comes
// back from the preview's hidden field, so the store checks it again from
// scratch; a file that has errors now (someone changed the round meanwhile,
// or the field was tampered with) writes nothing and shows the preview
// again.
func (s *Server) importCommit(w http.ResponseWriter, r *http.Request) {
	round, ok := s.loadRound(w, r)
	if !ok {
		return
	}
	text := r.PostFormValue("text")
	v := web.ImportView{Round: round, Text: text}
	if len(text) > importcsv.MaxBytes {
		v.Errors.Add("text", "Texten är större än 1 MB. Dela upp filen.")
		s.render(w, r, http.StatusUnprocessableEntity, web.RoundImport(v))
		return
	}
	res, sum, err := s.Store.Import(r.Context(), actorOf(r), round, text)
	switch {
	case errors.Is(err, store.ErrImportInvalid):
		v.Result, v.Failed = &res, true
		s.render(w, r, http.StatusUnprocessableEntity, web.RoundImport(v))
		return
	case errors.Is(err, store.ErrDuplicate):
		// Someone else changed the round between our check and our write.
		res, cerr := s.Store.CheckImport(r.Context(), round, text)
		if cerr != nil {
			s.serverError(w, r, cerr)
			return
		}
		v.Result, v.Failed = &res, true
		v.Errors.Add("text", "Omgången ändrades samtidigt av någon annan. Granska raderna igen och genomför importen på nytt.")
		s.render(w, r, http.StatusConflict, web.RoundImport(v))
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.flash(r, importDone(sum))
	http.Redirect(w, r, "/personal/omgangar/"+strconv.FormatInt(round.ID, 10)+"/import", http.StatusSeeOther)
}

func importDone(sum store.ImportSummary) string {
	return fmt.Sprintf("Importen är klar: %d antagna till omgången, %d nya grupper, %d gruppmedlemmar och %d mentorskopplingar.",
		sum.Admitted, sum.GroupsCreated, sum.Members, sum.MentorLinks)
}

type formError struct{ field, msg string }

// importText returns the uploaded file's text or, when no file was
// chosen, the pasted text.
func importText(r *http.Request) (string, *formError) {
	// checkCSRF has parsed the multipart form already; this is a no-op
	// then, and reads it for any other caller.
	_ = r.ParseMultipartForm(2 * importcsv.MaxBytes)
	f, fh, err := r.FormFile("file")
	switch {
	case err == nil:
		defer f.Close()
		if fh.Size > importcsv.MaxBytes {
			return "", &formError{"file", "Filen är större än 1 MB. Dela upp den."}
		}
		b, err := io.ReadAll(io.LimitReader(f, importcsv.MaxBytes+1))
		if err != nil || len(b) > importcsv.MaxBytes {
			return "", &formError{"file", "Filen gick inte att läsa. Försök igen."}
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return "", &formError{"file", "Filen är tom."}
		}
		return importcsv.Decode(b), nil
	case !errors.Is(err, http.ErrMissingFile):
		return "", &formError{"file", "Filen gick inte att läsa. Försök igen."}
	}
	text := r.PostFormValue("text")
	switch {
	case len(text) > importcsv.MaxBytes:
		return "", &formError{"text", "Texten är större än 1 MB. Dela upp den."}
	case strings.TrimSpace(text) == "":
		return "", &formError{"file", "Välj en CSV-fil eller klistra in raderna."}
	}
	return text, nil
}
