package web

import "modellportalen/internal/portal"

// OpenDataFields are the columns of the participant files, in order; each
// has its meaning in the catalogue under "field.<name>".
var OpenDataFields = []string{"round", "round_name", "start_year", "end_year", "round_start", "round_end",
	"organisation", "organisation_id", "kind", "scb_code", "parent_scb_code", "county_code", "county", "role",
	"mentor_kind", "track", "group", "status", "withdrawn", "withdrawn_when", "uncertain_reason", "confidence",
	"sources", "url"}

// SourceFields are the columns of the source files, each documented under
// "sourcefield.<name>".
var SourceFields = []string{"key", "publisher", "published_on", "title", "summary", "url"}

// SourceFileURL is where the source file is; ext is "csv" or "json".
func SourceFileURL(ext string) string { return "/oppna-data/kallor." + ext }

// OpenDataView is the open data page's data.
type OpenDataView struct {
	Rounds []portal.RoundSummary
}

// OpenDataURL is where a participant file is: every round's when slug is
// empty, else one round's; ext is "csv" or "json". The addresses are the same
// in every language.
func OpenDataURL(slug, ext string) string {
	if slug == "" {
		return "/oppna-data/deltagare." + ext
	}
	return "/oppna-data/omgangar/" + slug + "/deltagare." + ext
}
