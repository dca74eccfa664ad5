package web

import "modellportalen/internal/portal"

// SourceForm is the form to cite a source, as typed: an existing source or
// a new one.
type SourceForm struct {
	SourceID    string
	Publisher   string
	PublishedOn string
	Title       string
	URL         string
}

// StaffSourcesView is the page of one fact's sources.
type StaffSourcesView struct {
	Round     portal.Round
	Subject   string // as the URL names it
	Label     string // the fact in words
	Back      string // the page of the fact
	Citations []portal.Citation
	Sources   []portal.Source // every source, to pick from
	Form      SourceForm
	Errors    Errors
}

func citableSources(v StaffSourcesView) []Option {
	opts := []Option{{"", "Välj en källa", v.Form.SourceID == ""}}
	for _, s := range v.Sources {
		label := s.Publisher
		if s.PublishedOn != nil {
			label += ", " + s.PublishedOn.Format("2006-01-02")
		}
		if s.Title != "" {
			label += ": " + s.Title
		}
		id := itoa64(s.ID)
		opts = append(opts, Option{id, label + " (" + s.Key + ")", v.Form.SourceID == id})
	}
	return opts
}
