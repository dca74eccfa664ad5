package web

import "modellportalen/internal/portal"

// resultMessages are the catalogue's texts for improvement work results and
// learning examples; they join messages when the package loads, so these
// pages' texts stay beside them.
var resultMessages = map[string]message{
	"nav.examples":                 {"Lärande exempel", "Learning examples"},
	"ex.title":                     {"Lärande exempel", "Learning examples"},
	"ex.lead":                      {"Förbättringsarbeten från programmets deltagare som visar vad som förändrades för kvinnor och män, flickor och pojkar. Varje exempel är granskat av SKR:s projektledare.", "Improvement work from the programme's participants that shows what changed for women and men, girls and boys. Each example has been reviewed by SKR's project leaders."},
	"ex.filter":                    {"Sök och filtrera", "Search and filter"},
	"ex.q":                         {"Sök i exemplen", "Search the examples"},
	"ex.q.hint":                    {"Ord i rubrik, beskrivning eller organisationens namn.", "Words in the title, description or the organisation's name."},
	"ex.area":                      {"Verksamhetsområde", "Service area"},
	"ex.area.all":                  {"Alla verksamhetsområden", "All service areas"},
	"ex.round":                     {"Omgång", "Round"},
	"ex.round.all":                 {"Alla omgångar", "All rounds"},
	"ex.org":                       {"Organisation", "Organisation"},
	"ex.org.all":                   {"Alla organisationer", "All organisations"},
	"ex.submit":                    {"Visa exempel", "Show examples"},
	"ex.none":                      {"Inga lärande exempel matchar sökningen.", "No learning examples match the search."},
	"ex.none.yet":                  {"Inga lärande exempel är publicerade ännu.", "No learning examples have been published yet."},
	"ex.count.one":                 {"1 lärande exempel.", "1 learning example."},
	"ex.count":                     {"%d lärande exempel.", "%d learning examples."},
	"ex.meta":                      {"%s i %s", "%s in %s"},
	"ex.inequality":                {"Ojämställdheten som arbetet gäller", "The inequality addressed"},
	"ex.baseline":                  {"Utgångsläge", "Baseline"},
	"ex.measures":                  {"Åtgärder", "Measures taken"},
	"ex.4r":                        {"Utgångsläge enligt 4R-metoden", "Baseline by the 4R method"},
	"ex.rep":                       {"Representation: antal kvinnor och män", "Representation: numbers of women and men"},
	"ex.rep.group":                 {"Grupp", "Group"},
	"ex.rep.users":                 {"Brukare och användare", "Users"},
	"ex.rep.staff":                 {"Personal", "Staff"},
	"ex.rep.deciders":              {"Beslutsfattare", "Decision-makers"},
	"ex.resources":                 {"Resurser: hur pengar, tid och utrymme fördelas", "Resources: how money, time and space are shared"},
	"ex.realia":                    {"Realia: normer och värderingar", "Realia: norms and values"},
	"ex.requirements":              {"Krav: nya mål", "Requirements: new goals"},
	"ex.indicators":                {"Indikatorer", "Indicators"},
	"ex.results":                   {"Resultat", "Results"},
	"ex.women":                     {"Kvinnor", "Women"},
	"ex.men":                       {"Män", "Men"},
	"ex.total":                     {"Totalt", "Total"},
	"ex.date":                      {"Datum", "Date"},
	"ex.measurement":               {"Mätning", "Measurement"},
	"ex.baselinept":                {"Utgångsläge", "Baseline"},
	"ex.followup":                  {"Uppföljning %d", "Follow-up %d"},
	"ex.unit":                      {"Enhet", "Unit"},
	"ex.source":                    {"Källa", "Source"},
	"ex.source.own":                {"Egna data", "Own data"},
	"ex.source.kolada":             {"Kolada, nyckeltal %s", "Kolada, key figure %s"},
	"ex.table":                     {"Värden för %s (%s)", "Figures for %s (%s)"},
	"ex.chart":                     {"Diagram: %s för kvinnor och män över tid", "Chart: %s for women and men over time"},
	"ex.novalues":                  {"Inga värden är inlagda.", "No figures have been entered."},
	"ex.gap":                       {"Skillnaden mellan kvinnor och män var %s vid första mätningen och %s vid den senaste.", "The gap between women and men was %s at the first measurement and %s at the latest."},
	"ex.legend":                    {"Teckenförklaring", "Key"},
	"ex.legend.women":              {"Kvinnor: heldragen linje med runda punkter", "Women: solid line with round markers"},
	"ex.legend.men":                {"Män: streckad linje med fyrkantiga punkter", "Men: dashed line with square markers"},
	"ex.evidence":                  {"Underlag", "Evidence"},
	"ex.published":                 {"Publicerat", "Published"},
	"ex.kind.output":               {"Prestation: vad som gjordes", "Output: what was done"},
	"ex.kind.outcome":              {"Förändring i verksamheten", "Outcome: what changed in the service"},
	"ex.kind.effect":               {"Effekt för kvinnor och män", "Effect: what changed for the women and men served"},
	"ex.kinds":                     {"Resultattyper", "Result types"},
	"ex.link.round":                {"Lärande exempel från omgången (%d)", "Learning examples from the round (%d)"},
	"ex.link.org":                  {"Lärande exempel från %s (%d)", "Learning examples from %s (%d)"},
	"ex.sv":                        {"Exemplen är skrivna av deltagarna.", "The examples are written by the participants and shown in Swedish."},
	"ex.area.elderly_care":         {"Äldreomsorg", "Elderly care"},
	"ex.area.home_care":            {"Hemtjänst", "Home care"},
	"ex.area.school":               {"Skola", "School"},
	"ex.area.preschool":            {"Förskola", "Preschool"},
	"ex.area.social_services":      {"Individ- och familjeomsorg", "Individual and family care"},
	"ex.area.culture_leisure":      {"Kultur och fritid", "Culture and leisure"},
	"ex.area.regional_development": {"Regional utveckling", "Regional development"},
	"ex.area.health_care":          {"Hälso- och sjukvård", "Health care"},
	"ex.area.disability":           {"Stöd till personer med funktionsnedsättning", "Disability support"},
	"ex.area.labour_market":        {"Arbetsmarknad", "Labour market"},
	"ex.area.urban_planning":       {"Samhällsbyggnad", "Urban planning"},
	"ex.area.other":                {"Annat", "Other"},

	"exfield.id":              {"Exemplets nummer i portalen", "The example's number in the portal"},
	"exfield.title":           {"Förbättringsarbetets rubrik", "The improvement work's title"},
	"exfield.organisation":    {"Organisationens namn", "The organisation's name"},
	"exfield.organisation_id": {"Organisationens kortadress, som i /organisationer/{id}", "The organisation's short address, as in /organisationer/{id}"},
	"exfield.round":           {"Omgångens kortadress", "The round's short address"},
	"exfield.service_area":    {"Verksamhetsområde: elderly_care, home_care, school, preschool, social_services, culture_leisure, regional_development, health_care, disability, labour_market, urban_planning eller other", "Service area: elderly_care, home_care, school, preschool, social_services, culture_leisure, regional_development, health_care, disability, labour_market, urban_planning or other"},
	"exfield.inequality":      {"Ojämställdheten som arbetet gäller", "The inequality addressed"},
	"exfield.baseline":        {"Utgångsläget", "The baseline"},
	"exfield.measures":        {"Åtgärderna", "The measures taken"},
	"exfield.result_kinds":    {"Resultattyper, åtskilda med semikolon: output (prestation), outcome (förändring i verksamheten), effect (effekt för kvinnor och män)", "Result types, separated by semicolons: output, outcome, effect"},
	"exfield.results":         {"Resultaten, ett per rad, med typ först", "The results, one per line, type first"},
	"exfield.indicators":      {"Indikatorernas nummer, åtskilda med semikolon (se indikatorfilen)", "The indicators' numbers, separated by semicolons (see the indicator file)"},
	"exfield.published_on":    {"Dag då exemplet godkändes", "Day the example was approved"},
	"exfield.url":             {"Exemplets sida i portalen", "The example's page in the portal"},
	"exfield.example_id":      {"Exemplets nummer (id i exempelfilen)", "The example's number (id in the example file)"},
	"exfield.indicator_id":    {"Indikatorns nummer", "The indicator's number"},
	"exfield.indicator":       {"Vad indikatorn mäter", "What the indicator measures"},
	"exfield.unit":            {"Enhet", "Unit"},
	"exfield.source":          {"Källa: own (egna data) eller kolada", "Source: own (own data) or kolada"},
	"exfield.kolada_kpi":      {"Nyckeltalets id i Kolada, när källan är Kolada", "The key figure's id in Kolada, when the source is Kolada"},
	"exfield.date":            {"Mätningens datum (ÅÅÅÅ-MM-DD); den första är utgångsläget", "Date of the measurement (YYYY-MM-DD); the first is the baseline"},
	"exfield.women":           {"Värdet för kvinnor, decimalpunkt", "The value for women, decimal point"},
	"exfield.men":             {"Värdet för män, decimalpunkt", "The value for men, decimal point"},
	"exfield.total":           {"Värdet totalt, tomt när det inte är angivet", "The total value, empty when not given"},

	"open.examples":      {"Lärande exempel", "Learning examples"},
	"open.examples.text": {"De godkända lärande exemplen, ett per rad, och deras indikatorvärden, ett värde per rad och datum. Inga personuppgifter ingår.", "The approved learning examples, one per row, and their indicator values, one per row and date. No personal data is included."},
	"open.ex.file":       {"Fil", "File"},
	"open.ex.examples":   {"Exemplen", "The examples"},
	"open.ex.values":     {"Indikatorvärdena", "The indicator values"},
}

func init() {
	for id, m := range resultMessages {
		messages[id] = m
	}
}

// ServiceAreaName is a service area's Swedish name, for the contacts' and
// staff pages.
func ServiceAreaName(a portal.ServiceArea) string {
	if m, ok := messages["ex.area."+string(a)]; ok {
		return m.sv
	}
	return string(a)
}

// ResultKindName is a result kind's Swedish name.
func ResultKindName(k portal.ResultKind) string {
	if m, ok := messages["ex.kind."+string(k)]; ok {
		return m.sv
	}
	return string(k)
}
