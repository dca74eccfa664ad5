package server

// The open data: the page that describes it, and the files of participants
// and sources, as CSV and JSON. The learning examples' files are in
// public_examples.go.

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/export"
	"modellportalen/internal/pagecache"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

func (s *Server) openData(w http.ResponseWriter, r *http.Request) error {
	rounds, err := s.public().Rounds(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.OpenData(web.OpenDataView{Rounds: rounds}))
}

// openDataRecord is one row of the participant files; its fields are
// web.OpenDataFields. Nothing about people: delegates are never selected.
type openDataRecord struct {
	Round           string   `json:"round"`
	RoundName       string   `json:"round_name"`
	StartYear       int      `json:"start_year"`
	EndYear         int      `json:"end_year"`
	RoundStart      string   `json:"round_start"`
	RoundEnd        string   `json:"round_end"`
	Organisation    string   `json:"organisation"`
	OrganisationID  string   `json:"organisation_id"`
	Kind            string   `json:"kind"`
	SCBCode         string   `json:"scb_code"`
	ParentSCBCode   string   `json:"parent_scb_code"`
	CountyCode      string   `json:"county_code"`
	County          string   `json:"county"`
	Role            string   `json:"role"`
	MentorKind      string   `json:"mentor_kind"`
	Track           string   `json:"track"`
	Group           string   `json:"group"`
	Status          string   `json:"status"`
	Withdrawn       bool     `json:"withdrawn"`
	WithdrawnWhen   string   `json:"withdrawn_when"`
	UncertainReason string   `json:"uncertain_reason"`
	Confidence      string   `json:"confidence"`
	Sources         []string `json:"sources"`
	URL             string   `json:"url"`
}

func (rec openDataRecord) strings() []string {
	return []string{rec.Round, rec.RoundName, strconv.Itoa(rec.StartYear), strconv.Itoa(rec.EndYear),
		rec.RoundStart, rec.RoundEnd, rec.Organisation, rec.OrganisationID, rec.Kind, rec.SCBCode, rec.ParentSCBCode,
		rec.CountyCode, rec.County, rec.Role, rec.MentorKind, rec.Track, rec.Group, rec.Status,
		strconv.FormatBool(rec.Withdrawn), rec.WithdrawnWhen, rec.UncertainReason, rec.Confidence,
		strings.Join(rec.Sources, " "), rec.URL}
}

// newOpenDataRecord is one participation as the open data has it. A
// mentor's group is the groups it mentors, and mentor_kind tells a primary
// mentor from one that only supports.
func newOpenDataRecord(pp portal.PublicParticipation) openDataRecord {
	rec := openDataRecord{
		Round: pp.Round.Slug, RoundName: pp.Round.Name, StartYear: pp.Round.StartYear, EndYear: pp.Round.EndYear,
		RoundStart: pp.Round.Starts.ISO(), RoundEnd: pp.Round.Ends.ISO(),
		Organisation: pp.Organisation.Name, OrganisationID: pp.Organisation.Slug, Kind: string(pp.Organisation.Kind),
		SCBCode: pp.Organisation.SCBCode, ParentSCBCode: pp.ParentSCBCode,
		CountyCode: pp.Organisation.CountyCode, County: pp.Organisation.CountyName,
		Role: string(pp.Role), Track: string(pp.Track), Group: pp.GroupLabel,
		Status: string(pp.Status()), Withdrawn: pp.Withdrawn, WithdrawnWhen: pp.WithdrawnWhen,
		UncertainReason: pp.UncertainReason, Confidence: string(pp.Confidence), Sources: pp.Sources,
		URL: "/organisationer/" + pp.Organisation.Slug,
	}
	if pp.WithdrawnOn != nil {
		rec.WithdrawnWhen = pp.WithdrawnOn.Format(time.DateOnly)
	}
	if pp.Role == portal.RoleMentor && len(pp.MentoredGroups) > 0 {
		rec.Group = strings.Join(pp.MentoredGroups, "; ")
		rec.MentorKind = string(portal.MentorPrimary)
		if pp.Supporting {
			rec.MentorKind = string(portal.MentorSupporting)
		}
	}
	if rec.Sources == nil {
		rec.Sources = []string{}
	}
	return rec
}

// participantFile serves the participant list of every round, or of the
// round named by {slug}, as CSV or JSON by the {ext} of the path.
func (s *Server) participantFile(w http.ResponseWriter, r *http.Request) error {
	ext, err := openDataExt(r)
	if err != nil {
		return err
	}
	slug := chi.URLParam(r, "slug")
	// A file and its ETag are made once per version of the data: encoding
	// the JSON and hashing the half megabyte cost more than all else a
	// request does.
	file, err := remember(r.Context(), s.memo, "open-data:"+slug+"."+ext, func(ctx context.Context) (keptFile, error) {
		var roundID int64
		if slug != "" {
			round, err := s.public().RoundBySlug(ctx, slug)
			if err != nil {
				return keptFile{}, err
			}
			roundID = round.ID
		}
		pps, err := s.public().PublicParticipations(ctx, roundID)
		if err != nil {
			return keptFile{}, err
		}
		body, err := participantFileBody(pps, ext)
		return keptFile{body: body, etag: pagecache.ETag(body)}, err
	})
	if errors.Is(err, store.ErrNotFound) {
		return s.roundMoved(w, r, err)
	}
	if err != nil {
		return err
	}
	setOpenDataHeaders(w.Header(), "deltagare", ext)
	w.Header().Set("ETag", file.etag)
	_, _ = w.Write(file.body)
	return nil
}

// keptFile is a file's body with its ETag, kept per version of the data.
type keptFile struct {
	body []byte
	etag string
}

// participantFileBody encodes the participations as the open data file of
// type ext (csv or json).
func participantFileBody(pps []portal.PublicParticipation, ext string) ([]byte, error) {
	recs := make([]openDataRecord, len(pps))
	rows := make([][]string, len(pps))
	for i, pp := range pps {
		recs[i] = newOpenDataRecord(pp)
		rows[i] = recs[i].strings()
	}
	var b bytes.Buffer
	err := encodeOpenData(&b, ext, web.OpenDataFields, rows, struct {
		Participations []openDataRecord `json:"participations"`
	}{recs})
	if err != nil {
		return nil, fmt.Errorf("encode participant %s: %w", ext, err)
	}
	return b.Bytes(), nil
}

// sourceFile serves every source the record cites, as CSV or JSON: the
// keys in the participant files' sources column lead here.
func (s *Server) sourceFile(w http.ResponseWriter, r *http.Request) error {
	ext, err := openDataExt(r)
	if err != nil {
		return err
	}
	sources, err := s.Store.PublicSources(r.Context())
	if err != nil {
		return err
	}
	type sourceRecord struct {
		Key         string `json:"key"`
		Publisher   string `json:"publisher"`
		PublishedOn string `json:"published_on"`
		Title       string `json:"title"`
		Summary     string `json:"summary"`
		URL         string `json:"url"`
	}
	recs := make([]sourceRecord, len(sources))
	rows := make([][]string, len(sources))
	for i, src := range sources {
		rec := sourceRecord{Key: src.Key, Publisher: src.Publisher, Title: src.Title, Summary: src.Summary, URL: src.URL}
		if src.PublishedOn != nil {
			rec.PublishedOn = src.PublishedOn.Format(time.DateOnly)
		}
		recs[i] = rec
		rows[i] = []string{rec.Key, rec.Publisher, rec.PublishedOn, rec.Title, rec.Summary, rec.URL}
	}
	return s.openDataFile(w, ext, "kallor", web.SourceFields, rows, struct {
		Sources []sourceRecord `json:"sources"`
	}{recs})
}

// openDataExt is the {ext} of an open data file's path: each file is
// there as csv and as json, and any other is not found.
func openDataExt(r *http.Request) (string, error) {
	ext := chi.URLParam(r, "ext")
	if ext != "csv" && ext != "json" {
		return "", errNotFound
	}
	return ext, nil
}

// openDataFile answers an open data file as CSV or JSON by ext: the file
// name's CSV with header and rows, or doc as JSON.
func (s *Server) openDataFile(w http.ResponseWriter, ext, name string, header []string, rows [][]string, doc any) error {
	setOpenDataHeaders(w.Header(), name, ext)
	if err := encodeOpenData(w, ext, header, rows, doc); err != nil {
		s.Log.Warn("write open data", "file", name, "ext", ext, "err", err)
	}
	return nil
}

// setOpenDataHeaders sets what every open data file is answered with:
// anyone's page may fetch it, caches may keep it a while, and the CSV
// carries its file name.
func setOpenDataHeaders(h http.Header, name, ext string) {
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=300")
	if ext == "json" {
		h.Set("Content-Type", "application/json; charset=utf-8")
	} else {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `inline; filename="`+name+`.csv"`)
	}
}

// encodeOpenData writes doc as indented JSON when ext is json, else the
// CSV of header and rows.
func encodeOpenData(w io.Writer, ext string, header []string, rows [][]string, doc any) error {
	if ext == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	cw := csv.NewWriter(w)
	_ = cw.Write(header)
	for _, row := range rows {
		_ = cw.Write(defused(row))
	}
	cw.Flush()
	return cw.Error()
}

// defused guards each cell against formula injection: group labels are typed
// by staff, and a spreadsheet opening the public file must not run them.
func defused(cells []string) []string {
	for i, c := range cells {
		cells[i] = export.DefuseFormula(c)
	}
	return cells
}
