package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

func (s *Server) learningExamples(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	v := web.ExamplesView{Query: cleanText(q.Get("q"), 100), Area: cleanText(q.Get("omrade"), 40),
		Round: cleanText(q.Get("omgang"), 40), Organisation: cleanText(q.Get("organisation"), 100)}
	// A value the selects do not offer is a hand-edited URL: ignored.
	if !portal.ValidServiceArea(portal.ServiceArea(v.Area)) {
		v.Area = ""
	}
	all, err := s.Store.LearningExamples(r.Context(), store.ExampleFilter{})
	if err != nil {
		return err
	}
	// The filters offer the rounds and organisations that have examples.
	seenRound, seenOrg := map[int64]bool{}, map[int64]bool{}
	for _, e := range all {
		if !seenRound[e.Round.ID] {
			seenRound[e.Round.ID] = true
			v.Rounds = append(v.Rounds, e.Round)
		}
		if !seenOrg[e.Organisation.ID] {
			seenOrg[e.Organisation.ID] = true
			v.Organisations = append(v.Organisations, e.Organisation)
		}
	}
	slices.SortFunc(v.Rounds, func(a, b portal.Round) int { return b.StartYear - a.StartYear })
	slices.SortFunc(v.Organisations, func(a, b portal.Organisation) int { return strings.Compare(a.Name, b.Name) })
	v.Filtered = v.Query != "" || v.Area != "" || v.Round != "" || v.Organisation != ""
	v.Examples = all
	if v.Filtered {
		v.Examples, err = s.Store.LearningExamples(r.Context(), store.ExampleFilter{Query: v.Query,
			ServiceArea: portal.ServiceArea(v.Area), RoundSlug: v.Round, Organisation: v.Organisation})
		if err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, web.LearningExamples(v))
}

func (s *Server) learningExample(w http.ResponseWriter, r *http.Request) error {
	e, err := byParam(r, "work", s.Store.LearningExample)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.LearningExamplePage(e))
}

// ExampleFields are the columns of the learning example file; each is
// described on the open data page.
var exampleFields = web.ExampleFields

type exampleRecord struct {
	ID             int64    `json:"id"`
	Title          string   `json:"title"`
	Organisation   string   `json:"organisation"`
	OrganisationID string   `json:"organisation_id"`
	Round          string   `json:"round"`
	ServiceArea    string   `json:"service_area"`
	Inequality     string   `json:"inequality"`
	Baseline       string   `json:"baseline"`
	Measures       string   `json:"measures"`
	ResultKinds    []string `json:"result_kinds"`
	Results        []string `json:"results"`
	Indicators     []string `json:"indicators"`
	PublishedOn    string   `json:"published_on"`
	URL            string   `json:"url"`
}

func (e exampleRecord) strings() []string {
	return []string{strconv.FormatInt(e.ID, 10), e.Title, e.Organisation, e.OrganisationID, e.Round, e.ServiceArea,
		e.Inequality, e.Baseline, e.Measures, strings.Join(e.ResultKinds, ";"), strings.Join(e.Results, "\n"),
		strings.Join(e.Indicators, ";"), e.PublishedOn, e.URL}
}

type exampleValueRecord struct {
	Example   int64    `json:"example_id"`
	Indicator int64    `json:"indicator_id"`
	Name      string   `json:"indicator"`
	Unit      string   `json:"unit"`
	Source    string   `json:"source"`
	KoladaKPI string   `json:"kolada_kpi"`
	Date      string   `json:"date"`
	Women     float64  `json:"women"`
	Men       float64  `json:"men"`
	Total     *float64 `json:"total"`
}

func (v exampleValueRecord) strings() []string {
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	total := ""
	if v.Total != nil {
		total = num(*v.Total)
	}
	return []string{strconv.FormatInt(v.Example, 10), strconv.FormatInt(v.Indicator, 10), v.Name, v.Unit, v.Source,
		v.KoladaKPI, v.Date, num(v.Women), num(v.Men), total}
}

// approvedExamples is what the learning examples' files are made of: the
// format the path asks for and the approved examples.
func (s *Server) approvedExamples(r *http.Request) (string, []portal.LearningExample, error) {
	ext, err := openDataExt(r)
	if err != nil {
		return "", nil, err
	}
	list, err := s.Store.LearningExamples(r.Context(), store.ExampleFilter{})
	return ext, list, err
}

// exampleFile serves the approved learning examples, one per row.
func (s *Server) exampleFile(w http.ResponseWriter, r *http.Request) error {
	ext, list, err := s.approvedExamples(r)
	if err != nil {
		return err
	}
	recs := make([]exampleRecord, 0, len(list))
	rows := make([][]string, 0, len(list))
	for _, e := range list {
		rec := exampleRecord{ID: e.Work.ID, Title: e.Work.Title, Organisation: e.Organisation.Name,
			OrganisationID: e.Organisation.Slug, Round: e.Round.Slug, ServiceArea: string(e.Work.Card.ServiceArea),
			Inequality: e.Work.Card.Inequality, Baseline: e.Work.Card.Baseline, Measures: e.Work.Card.Measures,
			ResultKinds: []string{}, Results: []string{}, Indicators: []string{}, URL: web.ExampleURL(e.Work.ID)}
		for _, k := range portal.ResultKinds {
			for _, x := range e.Results {
				if x.Kind == k {
					rec.ResultKinds = append(rec.ResultKinds, string(k))
					break
				}
			}
		}
		for _, x := range e.Results {
			rec.Results = append(rec.Results, string(x.Kind)+": "+x.Description)
		}
		for _, i := range e.Indicators {
			rec.Indicators = append(rec.Indicators, strconv.FormatInt(i.ID, 10))
		}
		if e.Work.PublishedAt != nil {
			rec.PublishedOn = e.Work.PublishedAt.Format(time.DateOnly)
		}
		recs = append(recs, rec)
		rows = append(rows, rec.strings())
	}
	s.openDataFile(w, ext, "larande-exempel", exampleFields, rows, struct {
		Examples []exampleRecord `json:"learning_examples"`
	}{recs})
	return nil
}

// exampleValuesFile serves every value of the approved examples'
// indicators, one row per indicator and date.
func (s *Server) exampleValuesFile(w http.ResponseWriter, r *http.Request) error {
	ext, list, err := s.approvedExamples(r)
	if err != nil {
		return err
	}
	recs := []exampleValueRecord{}
	var rows [][]string
	for _, e := range list {
		for _, i := range e.Indicators {
			for _, v := range i.Values {
				rec := exampleValueRecord{Example: e.Work.ID, Indicator: i.ID, Name: i.Name, Unit: i.Unit,
					Source: string(i.Source), KoladaKPI: i.KoladaKPI, Date: v.MeasuredOn.Format(time.DateOnly),
					Women: v.Women, Men: v.Men, Total: v.Total}
				recs = append(recs, rec)
				rows = append(rows, rec.strings())
			}
		}
	}
	s.openDataFile(w, ext, "larande-exempel-indikatorer", web.ExampleValueFields, rows, struct {
		Values []exampleValueRecord `json:"indicator_values"`
	}{recs})
	return nil
}
