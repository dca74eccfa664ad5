package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"modellportalen/internal/export"
	"modellportalen/internal/importcsv"
	"modellportalen/internal/store"
	"modellportalen/web"
)

func (s *Server) exportParticipants(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		round, err := s.loadRound(r)
		if err != nil {
			return err
		}
		ov, err := s.Store.RoundOverview(r.Context(), round)
		if err != nil {
			return err
		}
		return sendExport(w, export.Participants(ov), export.FileName("deltagare", round, format), format)
	}
}

// exportContacts sends the round's contact list. It is personal data, so
// who exported it, when, in which format and how many rows is logged
// before anything is sent.
func (s *Server) exportContacts(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		round, err := s.loadRound(r)
		if err != nil {
			return err
		}
		ctx := r.Context()
		ds, err := s.Store.RoundDelegates(ctx, round.ID)
		if err != nil {
			return err
		}
		err = store.Audit(ctx, s.Store.Pool, actorOf(r), "export", "rounds", round.ID, nil,
			map[string]any{"export": "kontakter", "format": format, "rows": len(ds)})
		if err != nil {
			return err
		}
		return sendExport(w, export.Contacts(ds), export.FileName("kontakter", round, format), format)
	}
}

// sendExport writes the table into a buffer first, so a failure becomes an
// error page rather than half a download.
func sendExport(w http.ResponseWriter, t export.Table, name, format string) error {
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
		return fmt.Errorf("export %s: %w", name, err)
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
	return nil
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.RoundImport(web.ImportView{Round: round}))
}

// importPreview reads the uploaded file, or the pasted text when no file
// was chosen, and shows what importing it would do. Nothing is written.
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	v := web.ImportView{Round: round}
	text, problem := importText(r)
	if problem != nil {
		v.Text = r.PostFormValue("text")
		v.Errors.Add(problem.field, problem.msg)
		return formAgain(web.RoundImport(v), nil)
	}
	v.Text = text
	res, cerr := s.Store.CheckImport(r.Context(), round, text)
	if cerr != nil {
		return cerr
	}
	v.Result = &res
	status := http.StatusOK
	if !res.OK() {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, web.RoundImport(v))
}

// importCommit carries out an import the preview showed. The text comes
// back from the preview's hidden field, so the store checks it again from
// scratch; a file that has errors now (someone changed the round meanwhile,
// or the field was tampered with) writes nothing and shows the preview
// again.
func (s *Server) importCommit(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	text := r.PostFormValue("text")
	v := web.ImportView{Round: round, Text: text}
	if len(text) > importcsv.MaxBytes {
		v.Errors.Add("text", "Texten är större än 1 MB. Dela upp filen.")
		return formAgain(web.RoundImport(v), nil)
	}
	res, sum, err := s.Store.Import(r.Context(), actorOf(r), round, text)
	switch {
	case errors.Is(err, store.ErrImportInvalid):
		v.Result, v.Failed = &res, true
		return formAgain(web.RoundImport(v), nil)
	case errors.Is(err, store.ErrDuplicate):
		// Someone else changed the round between our check and our write.
		res, cerr := s.Store.CheckImport(r.Context(), round, text)
		if cerr != nil {
			return cerr
		}
		v.Result, v.Failed = &res, true
		v.Errors.Add("text", "Omgången ändrades samtidigt av någon annan. Granska raderna igen och genomför importen på nytt.")
		return s.render(w, r, http.StatusConflict, web.RoundImport(v))
	case err != nil:
		return err
	}
	return s.seeOther(w, r, web.StaffRoundPath(round.ID, "/import"), importDone(sum))
}

func importDone(sum store.ImportSummary) string {
	return fmt.Sprintf("Importen är klar: %d antagna till omgången, %d nya grupper, %d gruppmedlemmar och %d mentorskopplingar.",
		sum.Admitted, sum.GroupsCreated, sum.Members, sum.MentorLinks)
}

// fieldError is one problem with an uploaded or pasted file, for the field it
// belongs to.
type fieldError struct{ field, msg string }

// importText returns the uploaded file's text or, when no file was
// chosen, the pasted text.
func importText(r *http.Request) (string, *fieldError) {
	// checkCSRF has parsed the multipart form already; this is a no-op
	// then, and reads it for any other caller.
	_ = r.ParseMultipartForm(2 * importcsv.MaxBytes)
	f, fh, err := r.FormFile("file")
	switch {
	case err == nil:
		defer f.Close()
		if fh.Size > importcsv.MaxBytes {
			return "", &fieldError{"file", "Filen är större än 1 MB. Dela upp den."}
		}
		b, err := io.ReadAll(io.LimitReader(f, importcsv.MaxBytes+1))
		if err != nil || len(b) > importcsv.MaxBytes {
			return "", &fieldError{"file", "Filen gick inte att läsa. Försök igen."}
		}
		if len(bytes.TrimSpace(b)) == 0 {
			return "", &fieldError{"file", "Filen är tom."}
		}
		return importcsv.Decode(b), nil
	case !errors.Is(err, http.ErrMissingFile):
		return "", &fieldError{"file", "Filen gick inte att läsa. Försök igen."}
	}
	text := r.PostFormValue("text")
	switch {
	case len(text) > importcsv.MaxBytes:
		return "", &fieldError{"text", "Texten är större än 1 MB. Dela upp den."}
	case strings.TrimSpace(text) == "":
		return "", &fieldError{"file", "Välj en CSV-fil eller klistra in raderna."}
	}
	return text, nil
}
