package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/export"
	"modellportalen/internal/portal"
	"modellportalen/web"
)

func (s *Server) statistics(w http.ResponseWriter, r *http.Request) error {
	v, err := s.public().StatisticsView(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.Statistics(v))
}

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
	Round          string `json:"round"`
	RoundName      string `json:"round_name"`
	StartYear      int    `json:"start_year"`
	EndYear        int    `json:"end_year"`
	Organisation   string `json:"organisation"`
	OrganisationID string `json:"organisation_id"`
	Kind           string `json:"kind"`
	SCBCode        string `json:"scb_code"`
	CountyCode     string `json:"county_code"`
	County         string `json:"county"`
	Role           string `json:"role"`
	Track          string `json:"track"`
	Withdrawn      bool   `json:"withdrawn"`
	Group          string `json:"group"`
	URL            string `json:"url"`
}

func (rec openDataRecord) strings() []string {
	return []string{rec.Round, rec.RoundName, strconv.Itoa(rec.StartYear), strconv.Itoa(rec.EndYear), rec.Organisation,
		rec.OrganisationID, rec.Kind, rec.SCBCode, rec.CountyCode, rec.County, rec.Role, rec.Track,
		strconv.FormatBool(rec.Withdrawn), rec.Group, rec.URL}
}

// participantFile serves the participant list of every round, or of the
// round named by {slug}, as CSV or JSON by the {ext} of the path.
func (s *Server) participantFile(w http.ResponseWriter, r *http.Request) error {
	ext := chi.URLParam(r, "ext")
	if ext != "csv" && ext != "json" {
		return errNotFound
	}
	slug := chi.URLParam(r, "slug")
	// The files are encoded once per version of the data: indenting the
	// JSON alone cost more than everything else of a request.
	body, err := remember(r.Context(), s.memo, "open-data:"+slug+"."+ext, func(ctx context.Context) ([]byte, error) {
		var roundID int64
		if slug != "" {
			round, err := s.Store.RoundBySlug(ctx, slug)
			if err != nil {
				return nil, err
			}
			roundID = round.ID
		}
		pps, err := s.public().PublicParticipations(ctx, roundID)
		if err != nil {
			return nil, err
		}
		return participantFileBody(pps, ext)
	})
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "public, max-age=300")
	if ext == "json" {
		h.Set("Content-Type", "application/json; charset=utf-8")
	} else {
		h.Set("Content-Type", "text/csv; charset=utf-8")
		h.Set("Content-Disposition", `inline; filename="deltagare.csv"`)
	}
	_, _ = w.Write(body)
	return nil
}

// participantFileBody encodes the participations as the open data file of
// type ext (csv or json).
func participantFileBody(pps []portal.PublicParticipation, ext string) ([]byte, error) {
	recs := make([]openDataRecord, len(pps))
	for i, pp := range pps {
		recs[i] = openDataRecord{
			Round: pp.Round.Slug, RoundName: pp.Round.Name, StartYear: pp.Round.StartYear, EndYear: pp.Round.EndYear,
			Organisation: pp.Organisation.Name, OrganisationID: pp.Organisation.Slug, Kind: string(pp.Organisation.Kind),
			SCBCode: pp.Organisation.SCBCode, CountyCode: pp.Organisation.CountyCode, County: pp.Organisation.CountyName,
			Role: string(pp.Role), Track: string(pp.Track), Withdrawn: pp.Withdrawn, Group: pp.GroupLabel,
			URL: "/organisationer/" + pp.Organisation.Slug,
		}
	}
	var b bytes.Buffer
	if ext == "json" {
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Participations []openDataRecord `json:"participations"`
		}{recs}); err != nil {
			return nil, fmt.Errorf("encode participant json: %w", err)
		}
		return b.Bytes(), nil
	}
	cw := csv.NewWriter(&b)
	_ = cw.Write(web.OpenDataFields)
	for _, rec := range recs {
		_ = cw.Write(defused(rec.strings()))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, fmt.Errorf("encode participant csv: %w", err)
	}
	return b.Bytes(), nil
}

// defused guards each cell against formula injection: group labels are typed
// by staff, and a spreadsheet opening the public file must not run them.
func defused(cells []string) []string {
	for i, c := range cells {
		cells[i] = export.DefuseFormula(c)
	}
	return cells
}
