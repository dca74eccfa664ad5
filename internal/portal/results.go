package portal

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ServiceArea is the part of an organisation's services an improvement work
// is about, from a fixed list so that learning examples can be filtered.
type ServiceArea string

// The service areas, "other" last.
const (
	AreaElderlyCare         ServiceArea = "elderly_care"
	AreaHomeCare            ServiceArea = "home_care"
	AreaSchool              ServiceArea = "school"
	AreaPreschool           ServiceArea = "preschool"
	AreaSocialServices      ServiceArea = "social_services"
	AreaCultureLeisure      ServiceArea = "culture_leisure"
	AreaRegionalDevelopment ServiceArea = "regional_development"
	AreaHealthCare          ServiceArea = "health_care"
	AreaDisability          ServiceArea = "disability"
	AreaLabourMarket        ServiceArea = "labour_market"
	AreaUrbanPlanning       ServiceArea = "urban_planning"
	AreaOther               ServiceArea = "other"
)

// ServiceAreas lists the service areas in display order.
var ServiceAreas = []ServiceArea{AreaElderlyCare, AreaHomeCare, AreaSchool, AreaPreschool, AreaSocialServices,
	AreaCultureLeisure, AreaRegionalDevelopment, AreaHealthCare, AreaDisability, AreaLabourMarket,
	AreaUrbanPlanning, AreaOther}

// ValidServiceArea reports whether a is one of the service areas.
func ValidServiceArea(a ServiceArea) bool {
	for _, x := range ServiceAreas {
		if x == a {
			return true
		}
	}
	return false
}

// Publication is where a work stands as a learning example.
type Publication string

// A work is a draft until its contact proposes it; a project leader then
// approves it (it is public) or returns it with a comment.
const (
	PublicationDraft    Publication = "draft"
	PublicationProposed Publication = "proposed"
	PublicationReturned Publication = "returned"
	PublicationApproved Publication = "approved"
)

// Representation is the first R of the 4R method: how many women and men
// there are among a service's users, its staff and those who decide about
// it. A nil count was not given.
type Representation struct {
	UsersWomen, UsersMen       *int
	StaffWomen, StaffMen       *int
	DecidersWomen, DecidersMen *int
}

// Empty reports whether no count is given.
func (r Representation) Empty() bool {
	for _, p := range []*int{r.UsersWomen, r.UsersMen, r.StaffWomen, r.StaffMen, r.DecidersWomen, r.DecidersMen} {
		if p != nil {
			return false
		}
	}
	return true
}

// WorkCard is what the programme's method asks an improvement work to say:
// the service it is about, the inequality between women and men (girls and
// boys) it addresses, where things stood before, what was done, and the 4R
// baseline (representation, resources, realia, requirements).
type WorkCard struct {
	ServiceArea    ServiceArea // "" until chosen
	Inequality     string
	Baseline       string
	Measures       string
	Representation Representation
	Resources      string
	Realia         string
	Requirements   string
}

// Validate checks the card's fields; all are optional until the work is
// proposed as a learning example (see ReadyToPropose).
func (c WorkCard) Validate(e FieldErrors) {
	if c.ServiceArea != "" && !ValidServiceArea(c.ServiceArea) {
		e.Add("service_area", "Välj ett verksamhetsområde i listan.")
	}
	e.MaxLen("inequality", c.Inequality, "beskrivningen av ojämställdheten", 5000)
	e.MaxLen("baseline", c.Baseline, "utgångsläget", 5000)
	e.MaxLen("measures", c.Measures, "åtgärderna", 5000)
	e.MaxLen("resources", c.Resources, "resurserna", 3000)
	e.MaxLen("realia", c.Realia, "realia", 3000)
	e.MaxLen("requirements", c.Requirements, "kraven", 3000)
}

// ResultKind says what sort of result a result is.
type ResultKind string

// Output is what was done, outcome what changed in the service, effect what
// changed for the women and men it serves.
const (
	ResultOutput  ResultKind = "output"
	ResultOutcome ResultKind = "outcome"
	ResultEffect  ResultKind = "effect"
)

// ResultKinds lists the kinds in order.
var ResultKinds = []ResultKind{ResultOutput, ResultOutcome, ResultEffect}

// ValidResultKind reports whether k is one of the kinds.
func ValidResultKind(k ResultKind) bool {
	return k == ResultOutput || k == ResultOutcome || k == ResultEffect
}

// WorkResult is one result of an improvement work with what shows it.
type WorkResult struct {
	ID          int64
	WorkID      int64
	Kind        ResultKind
	Description string
	Evidence    string
	Version     int
}

// Validate checks a result as a contact enters it. Outcomes and effects
// are claims about change, so they need evidence; an output is its own.
func (r WorkResult) Validate() FieldErrors {
	e := FieldErrors{}
	if !ValidResultKind(r.Kind) {
		e.Add("kind", "Välj vilken sorts resultat det är.")
	}
	e.Required("description", r.Description, "Beskriv resultatet.", "beskrivningen", 3000)
	if r.Kind == ResultOutcome || r.Kind == ResultEffect {
		e.Required("evidence", r.Evidence, "Beskriv vad som visar att förändringen har skett, till exempel en indikator eller en uppföljning.", "underlaget", 3000)
	} else {
		e.MaxLen("evidence", r.Evidence, "underlaget", 3000)
	}
	return e
}

// IndicatorSource is where an indicator's figures come from.
type IndicatorSource string

// Own data, or one of Kolada's key figures, which publishes municipal and
// regional figures split by women and men.
const (
	SourceOwn    IndicatorSource = "own"
	SourceKolada IndicatorSource = "kolada"
)

// Indicator follows something for women and men over time.
type Indicator struct {
	ID         int64
	WorkID     int64
	Name       string
	Unit       string
	Source     IndicatorSource
	KoladaKPI  string // e.g. N00945, when Source is kolada
	SourceNote string
	Version    int
	Values     []IndicatorValue // by date, the first is the baseline
}

// IndicatorValue is one dated measurement for women and men, and in total
// when known.
type IndicatorValue struct {
	MeasuredOn time.Time
	Women      float64
	Men        float64
	Total      *float64
}

var koladaKPI = regexp.MustCompile(`^[NU][0-9]{5}$`)

// plainNumber is a number as ParseNumber accepts it once spaces are gone
// and the comma is a point: no exponent, no NaN or Inf, no hex.
var plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// KoladaURL is the page of a Kolada key figure in Kolada's free search.
func KoladaURL(kpi string) string {
	return "https://www.kolada.se/verktyg/fri-sokning/?kpis=" + kpi
}

// SourceURL is the Kolada page of the indicator, "" for own data.
func (i Indicator) SourceURL() string {
	if i.Source == SourceKolada && koladaKPI.MatchString(i.KoladaKPI) {
		return KoladaURL(i.KoladaKPI)
	}
	return ""
}

// Validate checks an indicator's own fields; its values are checked where
// they are read (ParseIndicatorRows), since they arrive as text.
func (i Indicator) Validate() FieldErrors {
	e := FieldErrors{}
	e.Required("name", i.Name, "Ange vad indikatorn mäter.", "namnet", 200)
	e.Required("unit", i.Unit, "Ange en enhet, till exempel procent, antal eller kronor.", "enheten", 40)
	switch i.Source {
	case SourceOwn:
		if i.KoladaKPI != "" {
			e.Add("kolada_kpi", "Ange ett Kolada-id bara när källan är Kolada.")
		}
	case SourceKolada:
		switch {
		case i.KoladaKPI == "":
			e.Add("kolada_kpi", "Ange nyckeltalets id i Kolada, till exempel N00945.")
		case !koladaKPI.MatchString(i.KoladaKPI):
			e.Add("kolada_kpi", "Ett Kolada-id är N eller U följt av fem siffror, till exempel N00945.")
		}
	default:
		e.Add("source", "Välj var siffrorna kommer ifrån.")
	}
	e.MaxLen("source_note", i.SourceNote, "källan", 500)
	if len(i.Values) == 0 {
		e.Add("values-0-date", "Ange utgångsläget: datum och värden för kvinnor och män.")
	}
	return e
}

// IndicatorRow is one row of the indicator form as typed.
type IndicatorRow struct {
	Date, Women, Men, Total string
}

// Empty reports whether nothing was typed in the row.
func (r IndicatorRow) Empty() bool {
	return strings.TrimSpace(r.Date+r.Women+r.Men+r.Total) == ""
}

// ParseIndicatorRows reads the value rows of the indicator form into
// values, reporting problems under the fields values-N-date, -women, -men
// and -total. Empty rows are skipped; the rest must be in date order, each
// later than the one before, so the first is the baseline.
func ParseIndicatorRows(rows []IndicatorRow, e FieldErrors) []IndicatorValue {
	var out []IndicatorValue
	var last *time.Time
	for i, r := range rows {
		if r.Empty() {
			continue
		}
		f := "values-" + strconv.Itoa(i) + "-"
		var v IndicatorValue
		ok := true
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(r.Date))
		switch {
		case strings.TrimSpace(r.Date) == "":
			e.Add(f+"date", "Ange mätningens datum.")
			ok = false
		case err != nil || d.Year() < 1990 || d.Year() > 2100:
			e.Add(f+"date", "Datumet ska vara i formen ÅÅÅÅ-MM-DD, till exempel 2025-03-15.")
			ok = false
		case last != nil && !d.After(*last):
			e.Add(f+"date", "Mätningarna ska stå i datumordning, och varje datum bara en gång: datumet ska vara senare än "+last.Format(time.DateOnly)+".")
			ok = false
		default:
			v.MeasuredOn = d
			last = &v.MeasuredOn
		}
		for _, x := range []struct {
			field, typed, who string
			dst               *float64
		}{{"women", r.Women, "kvinnor", &v.Women}, {"men", r.Men, "män", &v.Men}} {
			n, msg := ParseNumber(x.typed)
			switch {
			case strings.TrimSpace(x.typed) == "":
				e.Add(f+x.field, "Ange värdet för "+x.who+".")
				ok = false
			case msg != "":
				e.Add(f+x.field, msg)
				ok = false
			default:
				*x.dst = n
			}
		}
		if strings.TrimSpace(r.Total) != "" {
			n, msg := ParseNumber(r.Total)
			if msg != "" {
				e.Add(f+"total", msg)
				ok = false
			} else {
				v.Total = &n
			}
		}
		if ok {
			out = append(out, v)
		}
	}
	return out
}

// ParseNumber reads a number as Swedes write it: a decimal comma (or
// point), spaces between thousands, an optional minus. msg says what is
// wrong, "" when n is the number.
func ParseNumber(s string) (n float64, msg string) {
	t := strings.TrimSpace(s)
	t = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ",", ".", "\u2212", "-").Replace(t)
	t = strings.TrimSuffix(t, "%")
	if !plainNumber.MatchString(t) {
		return 0, "Ange ett tal, till exempel 12 eller 12,5."
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n > 1e12 || n < -1e12 {
		return 0, "Ange ett tal, till exempel 12 eller 12,5."
	}
	return n, ""
}

// FormatNumber writes n as Swedes read it: a decimal comma, no trailing
// zeros.
func FormatNumber(n float64) string {
	return strings.Replace(strconv.FormatFloat(n, 'f', -1, 64), ".", ",", 1)
}

// ParseCount reads an optional count of people: "" is nil.
func ParseCount(s string) (*int, bool) {
	t := strings.NewReplacer(" ", "", "\u00a0", "").Replace(strings.TrimSpace(s))
	if t == "" {
		return nil, true
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 0 || n > 10_000_000 {
		return nil, false
	}
	return &n, true
}

// ReadyToPropose lists what a work still lacks before it can be proposed
// as a learning example, as sentences for the contact; nil when ready.
func ReadyToPropose(w ImprovementWork, indicators []Indicator, results []WorkResult) []string {
	var out []string
	if w.Card.ServiceArea == "" {
		out = append(out, "Välj verksamhetsområde.")
	}
	if strings.TrimSpace(w.Card.Inequality) == "" {
		out = append(out, "Beskriv vilken ojämställdhet arbetet gäller.")
	}
	if strings.TrimSpace(w.Card.Baseline) == "" {
		out = append(out, "Beskriv utgångsläget.")
	}
	if strings.TrimSpace(w.Card.Measures) == "" {
		out = append(out, "Beskriv åtgärderna.")
	}
	hasValues := false
	for _, i := range indicators {
		if len(i.Values) > 0 {
			hasValues = true
		}
	}
	if !hasValues {
		out = append(out, "Lägg till minst en indikator med värden för kvinnor och män.")
	}
	if len(results) == 0 {
		out = append(out, "Lägg till minst ett resultat.")
	}
	return out
}

// LearningExample is an improvement work as published: the work with its
// organisation, round, indicators and results. It carries no personal
// data: no delegates, no accounts.
type LearningExample struct {
	Work         ImprovementWork
	Organisation Organisation
	Round        Round
	Indicators   []Indicator
	Results      []WorkResult
}
