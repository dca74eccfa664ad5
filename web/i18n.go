package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/a-h/templ"
)

// Lang is a language the public pages are offered in.
type Lang string

// Swedish is the default; English pages live under the /en prefix.
const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// EnglishPrefix starts the path of every English page: /en/omgangar mirrors
// /omgangar.
const EnglishPrefix = "/en"

// Locale is the language a page is rendered in and the page's own path
// without a language prefix, so that links and the language switch can point
// at the same page in either language.
type Locale struct {
	Lang Lang
	Path string // language-neutral path with query, e.g. "/omgangar/2019"
}

type localeKey struct{}

// WithLocale returns a context whose components render in l.
func WithLocale(ctx context.Context, l Locale) context.Context {
	return context.WithValue(ctx, localeKey{}, l)
}

// LocaleOf returns the context's locale; Swedish when none is set, so pages
// that know nothing of languages stay Swedish.
func LocaleOf(ctx context.Context) Locale {
	if l, ok := ctx.Value(localeKey{}).(Locale); ok && l.Lang != "" {
		return l
	}
	return Locale{Lang: Swedish}
}

func langOf(ctx context.Context) Lang { return LocaleOf(ctx).Lang }

// Localize returns path (a Swedish, language-neutral path) as a URL in lang.
func Localize(lang Lang, path string) string {
	if lang != English {
		return path
	}
	if path == "/" || path == "" {
		return EnglishPrefix + "/"
	}
	return EnglishPrefix + path
}

// href is path in the context's language.
func href(ctx context.Context, path string) string { return Localize(langOf(ctx), path) }

// t looks a message up in the catalogue in the context's language. An unknown
// id is a programming error and shows as itself, which TestCatalogue catches.
func t(ctx context.Context, id string) string {
	m, ok := messages[id]
	if !ok {
		return id
	}
	if langOf(ctx) == English {
		return m.en
	}
	return m.sv
}

// tf is t with fmt.Sprintf's verbs filled in.
func tf(ctx context.Context, id string, args ...any) string {
	return fmt.Sprintf(t(ctx, id), args...)
}

// tn is tf for a message about n things, whose noun agrees with n: the
// catalogue holds id+".one", used for exactly 1, and id+".other", used for
// every other number. That is the whole plural rule of both Swedish and
// English (CLDR's one/other), so the catalogue needs no plural library.
// n is the first verb's value.
func tn(ctx context.Context, id string, n int, args ...any) string {
	form := ".other"
	if n == 1 {
		form = ".one"
	}
	return fmt.Sprintf(t(ctx, id+form), append([]any{n}, args...)...)
}

// joinAndCtx joins names as prose in the context's language: "A, B och C" or
// "A, B and C".
func joinAndCtx(ctx context.Context, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + t(ctx, "and") + " " + names[len(names)-1]
}

type message struct{ sv, en string }

// messages is the catalogue of every text the public pages show, keyed by id,
// in Swedish and English. Domain labels are here too, under their kind.
var messages = map[string]message{
	"and": {"och", "and"},

	// Layout
	"site.title":   {"Modellportalen – SKR", "Modellportalen – SKR"},
	"site.sub":     {"Modellkonceptet för jämställdhet · SKR", "The Model Concept for Gender Equality · SKR"},
	"skip":         {"Hoppa till innehållet", "Skip to content"},
	"nav.label":    {"Huvudmeny", "Main menu"},
	"nav.home":     {"Start", "Home"},
	"nav.rounds":   {"Omgångar", "Rounds"},
	"nav.orgs":     {"Organisationer", "Organisations"},
	"nav.lineage":  {"Mentorkedjor", "Mentor lineage"},
	"nav.stats":    {"Statistik", "Statistics"},
	"nav.opendata": {"Öppna data", "Open data"},
	"lang.switch":  {"In English", "På svenska"},
	"lang.label":   {"Språk", "Language"},
	"footer":       {"Modellportalen för SKR:s program Modellkommuner och Modellregioner – i dag Modellkonceptet för jämställdhet. Sveriges Kommuner och Regioner hette SKL fram till 2019.", "Modellportalen for SKR's programme Model Municipalities and Model Regions – today the Model Concept for Gender Equality. The Swedish Association of Local Authorities and Regions (SKR) was called SKL until 2019."},
	"breadcrumbs":  {"Brödsmulor", "Breadcrumbs"},
	"footer.label": {"Om webbplatsen", "About the website"},
	// The account links lead to pages in Swedish only.
	"account.label":  {"Konto", "Account"},
	"account.staff":  {"Personal", "Staff"},
	"account.mine":   {"Mina sidor", "My pages"},
	"account.me":     {"Mitt konto", "My account"},
	"account.login":  {"Logga in", "Sign in"},
	"account.logout": {"Logga ut", "Sign out"},
	"a11y.title":     {"Tillgänglighetsredogörelse", "Accessibility statement"},
	"privacy.title":  {"Personuppgifter", "Personal data"},
	"untranslated":   {"", "Names from the programme's records, and descriptions not yet translated, are shown in Swedish."},
	"pagenotfound":   {"Sidan finns inte", "Page not found"},
	"notfound.text":  {"Vi hittar ingen sida på den adressen. Den kan ha flyttats, eller så är adressen felskriven.", "There is no page at this address. It may have moved, or the address may be mistyped."},
	"notfound.home":  {"Till startsidan", "To the start page"},
	"notfound.all":   {"Alla omgångar", "All rounds"},
	"notfound.find":  {"Sök organisation", "Find an organisation"},
	"error.title":    {"Något gick fel", "Something went wrong"},
	"error.text":     {"Ett fel uppstod hos oss. Försök igen om en stund. Felet är loggat.", "An error occurred on our side. Please try again in a moment. The error has been logged."},
	"error.ref":      {"Uppge felkoden om du kontaktar oss:", "If you contact us, please quote the error reference:"},

	// Domain labels
	"status.planned":           {"Planerad", "Planned"},
	"status.open":              {"Öppen för anmälan", "Open for applications"},
	"status.running":           {"Pågår", "Running"},
	"status.completed":         {"Avslutad", "Completed"},
	"track.municipal":          {"Modellkommuner", "Model municipalities"},
	"track.regional":           {"Modellregioner", "Model regions"},
	"kind.municipality":        {"Kommun", "Municipality"},
	"kind.region":              {"Region", "Region"},
	"kind.association":         {"Kommunförbund", "Association of municipalities"},
	"role.participant":         {"Deltagare", "Participant"},
	"role.mentor":              {"Mentor", "Mentor"},
	"role.withdrawn":           {"Deltagare (avbröt)", "Participant (withdrew)"},
	"role.supporting":          {"Stödmentor", "Supporting mentor"},
	"withdrew":                 {"avbröt", "withdrew"},
	"months":                   {"januari februari mars april maj juni juli augusti september oktober november december", "January February March April May June July August September October November December"},
	"participants.count.one":   {"%d deltagare", "%d participant"},
	"participants.count.other": {"%d deltagare", "%d participants"},
	"participants.split":       {" (%d i kommunspåret, %d i regionspåret)", " (%d in the municipal track, %d in the regional track)"},
	"mentors.count.one":        {", %d mentor", ", %d mentor"},
	"mentors.count.other":      {", %d mentorer", ", %d mentors"},
	"rounds.count.one":         {"%d omgång", "%d round"},
	"rounds.count.other":       {"%d omgångar", "%d rounds"},
	"orgs.count.one":           {"%d organisation", "%d organisation"},
	"orgs.count.other":         {"%d organisationer", "%d organisations"},

	// Map
	"map.caption.round":  {"Karta över deltagarna i %s", "Map of the participants in %s"},
	"map.caption.all":    {"Karta över alla organisationer som deltagit i programmet", "Map of every organisation that has taken part in the programme"},
	"map.label":          {"Karta över Sveriges 290 kommuner, med omgångens deltagare markerade", "Map of Sweden's 290 municipalities with the round's participants marked"},
	"map.label.all":      {"Karta över Sveriges 290 kommuner, med programmets deltagare markerade", "Map of Sweden's 290 municipalities with the programme's participants marked"},
	"map.note":           {"Länsgränserna och några orter visar var på kartan man är. Varje kommun som deltar är markerad i sin mittpunkt; en region i medelpunkten av sitt läns kommuner, och länet tonas. Kartan är en transversal Mercatorprojektion som SWEREF 99 TM.", "The county borders and a few towns show where on the map you are. Each participating municipality is marked at its centre; a region at the mean of its county's municipalities, and the county is shaded. The map uses a transverse Mercator projection like SWEREF 99 TM."},
	"map.legend":         {"Teckenförklaring", "Key"},
	"map.list":           {"Kartans innehåll som lista", "The map's content as a list"},
	"map.participants":   {"Deltagare", "Participants"},
	"map.mentors":        {"Mentorer", "Mentors"},
	"map.withdrawn":      {"Avbröt", "Withdrew"},
	"map.regions":        {"Regioner (markerade vid sitt län)", "Regions (marked at their county)"},
	"map.unplaced.why":   {"utan egen mittpunkt och därför inte på kartan", "no centre of its own, so not on the map"},
	"map.region.title":   {"%s – region i %s", "%s – region in %s"},
	"map.county.shade":   {"Län vars region deltar", "County whose region takes part"},
	"map.none":           {"Inga deltagare med plats på kartan.", "No participants with a place on the map."},
	"map.title.withdrew": {"%s – avbröt", "%s – withdrew"},

	// Lineage
	"lineage.title":    {"Mentorkedjor", "Mentor lineage"},
	"lineage.lead":     {"Vem som har varit mentor för vem, från pilotomgången och framåt. Erfarenheten går från omgång till omgång: den som deltog blir mentor för nästa.", "Who mentored whom, from the pilot round onwards. Experience passes from round to round: those who took part become mentors for the next."},
	"lineage.graph":    {"Mentorkedjor omgång för omgång", "Mentor lineage round by round"},
	"lineage.label":    {"Diagram: mentorer till vänster, de grupper de stödde till höger, en kolumn per omgång", "Diagram: mentors on the left, the groups they guided on the right, one column per round"},
	"lineage.list":     {"Diagrammets innehåll som lista", "The diagram's content as a list"},
	"lineage.mentored": {"%s var mentor för %s", "%s mentored %s"},
	"lineage.support":  {"%s var stödmentor för %s", "%s was supporting mentor for %s"},
	"lineage.from":     {"deltog i %s", "took part in %s"},
	"lineage.nofrom":   {"utan tidigare omgång", "without an earlier round"},
	"lineage.none":     {"Inga mentorer är registrerade.", "No mentors are recorded."},
	"lineage.org":      {"Mentorkedja", "Mentor lineage"},
	"lineage.org.lead": {"Vilka som var mentorer för %s, och vilka %s och de i sin tur var mentorer för.", "Who mentored %s, and whom %s and they in turn mentored."},
	"lineage.key":      {"Heldragen linje: mentor. Streckad linje: stödmentor. Streckad ram: avbröt.", "Solid line: mentor. Dashed line: supporting mentor. Dashed frame: withdrew."},
	"lineage.scroll":   {"Diagrammet är bredare än skärmen: svep eller rulla i sidled för att se alla omgångar.", "The diagram is wider than the screen: swipe or scroll sideways to see every round."},

	// Statistics
	"stats.title":        {"Statistik", "Statistics"},
	"stats.lead":         {"Deltagare per omgång, spår och län, och organisationer som deltagit i flera omgångar.", "Participants per round, track and county, and organisations that have taken part in several rounds."},
	"stats.chart":        {"Deltagare och mentorer per omgång", "Participants and mentors per round"},
	"stats.chart.label":  {"Stapeldiagram: deltagare i kommunspåret, i regionspåret, i blandade grupper och mentorer per omgång. Samma siffror finns i tabellen nedan.", "Bar chart: participants in the municipal track, in the regional track, in mixed groups and mentors per round. The table below has the same figures."},
	"stats.bytrack":      {"Per omgång och spår", "Per round and track"},
	"stats.bycounty":     {"Deltagare per län", "Participants per county"},
	"stats.bycounty.cap": {"Deltagare (inklusive de som avbröt) per län och omgång. Mentorer räknas inte.", "Participants (including those who withdrew) per county and round. Mentors are not counted."},
	"stats.repeat":       {"Organisationer i flera omgångar", "Organisations in several rounds"},
	"stats.repeat.none":  {"Ingen organisation har deltagit i mer än en omgång.", "No organisation has taken part in more than one round."},
	"stats.county":       {"Län", "County"},
	"stats.total":        {"Totalt", "Total"},
	"stats.nocounty":     {"Utan län", "No county"},
	"stats.rounds":       {"Omgångar", "Rounds"},
	"col.round":          {"Omgång", "Round"},
	"col.years":          {"År", "Years"},
	"col.status":         {"Status", "Status"},
	"col.tracks":         {"Spår", "Tracks"},
	"col.participants":   {"Deltagare", "Participants"},
	"col.mentors":        {"Mentorer", "Mentors"},
	"col.groups":         {"Grupper", "Groups"},
	"col.organisation":   {"Organisation", "Organisation"},

	// Open data
	"open.title":            {"Öppna data", "Open data"},
	"open.lead":             {"Programmets offentliga deltagarlistor som CSV och JSON, fria att använda. Filerna innehåller inga personuppgifter: bara organisationer, omgångar, roller och jämförelsegrupper.", "The programme's public participant lists as CSV and JSON, free to use. The files hold no personal data: only organisations, rounds, roles and benchmarking groups."},
	"open.files":            {"Filer", "Files"},
	"open.all":              {"Alla omgångar", "All rounds"},
	"open.fields":           {"Fält", "Fields"},
	"open.field":            {"Fält", "Field"},
	"open.means":            {"Betydelse", "Meaning"},
	"open.format":           {"Format", "Format"},
	"open.notes":            {"CSV-filerna är UTF-8 med kommatecken som avgränsare och en rubrikrad. JSON-filerna är ett objekt med fältet participations (källfilen: sources), en lista med samma fält. Värden för typ, roll, spår, status och säkerhet är koder på engelska som inte ändras; adresserna är stabila, och en omgång som bytt adress leds vidare från den gamla.", "The CSV files are UTF-8, comma-separated, with a header row. The JSON files are an object whose field participations (the source file: sources) is a list with the same fields. Values for kind, role, track, status and confidence are fixed English codes; the addresses are stable, and a round whose address changed is redirected from the old one."},
	"open.licence":          {"Uppgifterna kommer från SKR:s offentliga redovisning av programmet.", "The data come from SKR's public accounts of the programme."},
	"field.round":           {"Omgångens kortnamn i adressen, t.ex. 2019", "The round's short name in addresses, e.g. 2019"},
	"field.round_name":      {"Omgångens namn", "The round's name"},
	"field.start_year":      {"Omgångens första år", "The round's first year"},
	"field.end_year":        {"Omgångens sista år", "The round's last year"},
	"field.organisation":    {"Organisationens namn", "The organisation's name"},
	"field.organisation_id": {"Organisationens kortnamn i adressen", "The organisation's short name in addresses"},
	"field.kind":            {"municipality (kommun), region, association (kommunförbund) eller district (stadsdel eller förvaltning i en kommun)", "municipality, region, association (of municipalities) or district (a district or administration of a municipality)"},
	"field.scb_code":        {"SCB:s kommun- eller länskod, den stabila nyckeln att koppla till annan statistik; tom för förbund och stadsdelar (se parent_scb_code)", "Statistics Sweden's municipality or county code, the stable key to join other statistics on; empty for associations and districts (see parent_scb_code)"},
	"field.county_code":     {"Länskod", "County code"},
	"field.county":          {"Länets namn", "The county's name"},
	"field.role":            {"participant eller mentor", "participant or mentor"},
	"field.track":           {"municipal, regional eller mixed (grupp med både regioner och kommuner)", "municipal, regional or mixed (a group of regions and municipalities)"},
	"field.withdrawn":       {"true om deltagaren avbröt", "true if the participant withdrew"},
	"field.group":           {"Jämförelsegruppens namn, tomt om ingen; för en mentor grupperna den är mentor för, åtskilda av semikolon", "The benchmarking group's name, empty if none; for a mentor the groups it mentors, separated by semicolons"},
	"field.url":             {"Sökvägen till organisationens sida på portalen", "The path of the organisation's page on the portal"},

	// Public pages
	"home.h1":          {"Modellkonceptet för jämställdhet", "The Model Concept for Gender Equality"},
	"home.lead":        {"Sedan pilotomgången %d har kommuner och regioner arbetat i SKR:s program Modellkommuner och Modellregioner för att jämställdhetsintegrera sin verksamhet. De jämför sina arbetssätt i små grupper, får stöd av mentorer från tidigare omgångar och genomför förbättringsarbeten hemma mellan lärandeträffarna.", "Since the %d pilot round, municipalities and regions have worked in SKR's programme Model Municipalities and Model Regions to mainstream gender equality in their services. They compare their ways of working in small groups, are guided by mentors from earlier rounds and carry out improvement work at home between the learning meetings."},
	"home.counts":      {"%s och %s hittills.", "%s and %s so far."},
	"home.spread":      {"Programmets spridning", "The programme across Sweden"},
	"home.find":        {"Hitta en organisation", "Find an organisation"},
	"home.find.text":   {"Sök bland Sveriges 290 kommuner och 21 regioner och se deras historik i programmet.", "Search Sweden's 290 municipalities and 21 regions and see their history in the programme."},
	"rounds.lead":      {"Programmets omgångar från pilotomgången och framåt.", "The programme's rounds from the pilot onwards."},
	"rounds.caption":   {"Omgångar med antal deltagare, mentorer och jämförelsegrupper", "Rounds with their numbers of participants, mentors and benchmarking groups"},
	"round.ungrouped":  {"Deltagare utan redovisad jämförelsegrupp", "Participants with no recorded benchmarking group"},
	"round.notrack":    {"Inga deltagare är registrerade i det här spåret.", "No participants are recorded in this track."},
	"round.map":        {"Karta", "Map"},
	"round.meetings":   {"Lärandeträffar", "Learning meetings"},
	"round.nomeetings": {"Inga lärandeträffar är registrerade.", "No learning meetings are recorded."},
	"round.calendar": {"Prenumerera på omgångens gemensamma träffar i din kalender (iCalendar)",
		"Subscribe to the round's joint meetings in your calendar (iCalendar)"},
	"round.calendarname": {"%s – gemensamma lärandeträffar", "%s – joint learning meetings"},
	"round.host":         {"värd:", "host:"},
	"group.mentor":       {"Mentor:", "Mentor:"},
	"group.support":      {"med stöd av", "supported by"},
	"group.focus":        {"Fokusområde:", "Focus area:"},
	"group.admin":        {"Förvaltning:", "Administration:"},
	"search.label":       {"Sök organisation", "Find an organisation"},
	"search.q":           {"Namn eller SCB-kod", "Name or SCB code"},
	"search.allcounties": {"Alla län", "All counties"},
	"search.submit":      {"Sök", "Search"},
	"orgs.lead":          {"Kommuner, regioner och andra organisationer med deras historik i programmet.", "Municipalities, regions and other organisations with their history in the programme."},
	"orgs.results":       {"Träffar", "Results"},
	"orgs.none":          {"Inga organisationer matchar sökningen.", "No organisations match the search."},
	"orgs.hits.one":      {"%d träff.", "%d result."},
	"orgs.hits.other":    {"%d träffar.", "%d results."},
	"col.name":           {"Namn", "Name"},
	"col.kind":           {"Typ", "Type"},
	"col.scb":            {"SCB-kod", "SCB code"},
	"col.role":           {"Roll", "Role"},
	"col.group":          {"Jämförelsegrupp", "Benchmarking group"},
	"org.history":        {"Historik i programmet", "History in the programme"},
	"org.nohistory":      {"%s har inte deltagit i någon omgång ännu.", "%s has not taken part in any round yet."},
	"org.mentorfor":      {"Mentor för", "Mentor for"},
	"org.supportfor":     {"Stödmentor för", "Supporting mentor for"},
}

// otherLang is the language the switch offers.
func otherLang(ctx context.Context) Lang {
	if langOf(ctx) == English {
		return Swedish
	}
	return English
}

// alternateURL is the current page in lang, for hreflang links.
func alternateURL(ctx context.Context, lang Lang) string {
	p := LocaleOf(ctx).Path
	if p == "" {
		p = "/"
	}
	return Localize(lang, p)
}

// switchURL is where the language switch leads: through /sprak, which
// remembers the choice, to the current page in the other language.
func switchURL(ctx context.Context) string {
	p := LocaleOf(ctx).Path
	if p == "" {
		p = "/"
	}
	return "/sprak?" + url.Values{"till": {string(otherLang(ctx))}, "sida": {p}}.Encode()
}

// swedishTarget marks a link from an English page to a page that is only in
// Swedish, so that browsers and screen readers know before it is followed.
func swedishTarget(ctx context.Context) templ.Attributes {
	if langOf(ctx) == English {
		return templ.Attributes{"hreflang": "sv"}
	}
	return nil
}

// hasLocale reports whether the page was served in a chosen language, that
// is, it is a public page with an English twin.
func hasLocale(ctx context.Context) bool { return LocaleOf(ctx).Path != "" }
