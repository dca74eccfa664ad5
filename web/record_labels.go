package web

import (
	"context"
	"fmt"
	"html"
	"io"
	"slices"
	"strings"

	"github.com/a-h/templ"

	"modellportalen/internal/portal"
)

// recordMessages are the texts of the public record: sources, uncertain
// facts, conflicting accounts, districts, dates of partial precision.
var recordMessages = map[string]message{
	"track.mixed":                {"Blandade grupper", "Mixed groups"},
	"home.lead.none":             {"Här visas SKR:s program Modellkommuner och Modellregioner när de första omgångarna är registrerade.", "SKR's programme Model Municipalities and Model Regions is shown here once its first rounds are recorded."},
	"kind.district":              {"Stadsdel eller förvaltning", "District or administration"},
	"sources.title":              {"Källor", "Sources"},
	"sources.lead":               {"Uppgifterna på sidan bygger på dessa offentliga källor. Siffrorna inom hakparentes hänvisar hit.", "What this page says rests on these public sources. The numbers in brackets refer here."},
	"sources.none":               {"Inga källor är registrerade för uppgifterna på sidan.", "No sources are recorded for what this page says."},
	"sources.nourl":              {"endast texten är känd, ingen adress", "only the text is known, no address"},
	"sources.undated":            {"odaterad", "undated"},
	"sources.refs":               {"Källor:", "Sources:"},
	"sources.ref":                {"Källa %d", "Source %d"},
	"uncertain":                  {"osäker uppgift", "uncertain"},
	"uncertain.prefix":           {"osäker uppgift: ", "uncertain: "},
	"confidence.medium":          {"medelhög säkerhet", "medium confidence"},
	"confidence.low":             {"låg säkerhet", "low confidence"},
	"withdrew.when":              {"avbröt %s", "withdrew %s"},
	"conflicts.title":            {"Där källorna går isär", "Where the sources disagree"},
	"conflicts.lead":             {"Källorna säger olika saker om följande. Båda uppgifterna visas, med den läsning vi föreslår.", "The sources say different things about the following. Both accounts are shown, with the reading we suggest."},
	"conflicts.one":              {"En uppgift", "One account"},
	"conflicts.other":            {"En annan uppgift", "Another account"},
	"conflicts.reading":          {"Vår läsning", "Our reading"},
	"round.dates":                {"Tid", "Dates"},
	"round.trackdates":           {"%s: %s", "%s: %s"},
	"org.partof":                 {"Del av", "Part of"},
	"org.districts":              {"Stadsdelar och förvaltningar som deltagit", "Districts and administrations that took part"},
	"org.district.map":           {"Visas på kartan vid %s.", "Shown on the map at %s."},
	"meeting.start-up":           {"Uppstart", "Start-up"},
	"meeting.learning":           {"Lärandeträff", "Learning meeting"},
	"meeting.results-conference": {"Resultatkonferens", "Results conference"},
	"meeting.benchmarking-1":     {"Jämförelseträff 1", "Benchmarking meeting 1"},
	"meeting.benchmarking-2":     {"Jämförelseträff 2", "Benchmarking meeting 2"},
	"meeting.benchmarking-3":     {"Jämförelseträff 3", "Benchmarking meeting 3"},
	"meeting.strategists":        {"Strategträff", "Strategists' meeting"},
	"meeting.other":              {"Annan träff", "Other meeting"},
	"meeting.cancelled":          {"Inställd.", "Cancelled."},
	"meeting.group-meeting":      {"Gruppens egen träff", "The group's own meeting"},
	"open.sources":               {"Källor", "Sources"},
	"open.sources.lead":          {"Varje uppgift i deltagarfilerna hänvisar till sina källor med nycklarna i kolumnen sources. Källfilerna beskriver varje källa: utgivare, datum och adress.", "Every fact in the participant files refers to its sources by the keys in the sources column. The source files describe each source: publisher, date and address."},
	"field.round_start":          {"Omgångens start, så exakt som källorna anger den: ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ", "The round's start, as precisely as the sources give it: YYYY-MM-DD, YYYY-MM or YYYY"},
	"field.round_end":            {"Omgångens slut, i samma form som round_start", "The round's end, in the same form as round_start"},
	"field.parent_scb_code":      {"För en stadsdel eller förvaltning (kind district): kommunens SCB-kod; annars tomt", "For a district or administration (kind district): its municipality's SCB code; empty otherwise"},
	"field.mentor_kind":          {"För en mentor: primary (mentor) eller supporting (stödmentor, ”med stöd av”); tomt för deltagare", "For a mentor: primary, or supporting for a mentor that supports the primary ones; empty for participants"},
	"field.status":               {"took_part (deltog), withdrew (avbröt) eller uncertain (osäker uppgift, se uncertain_reason)", "took_part, withdrew or uncertain (see uncertain_reason)"},
	"field.withdrawn_when":       {"När deltagaren avbröt: ett datum ÅÅÅÅ-MM-DD eller en beskriven tid som ”våren 2019”; tomt annars", "When the participant withdrew: a date YYYY-MM-DD or a described time such as \"våren 2019\" (spring 2019); empty otherwise"},
	"field.uncertain_reason":     {"Varför deltagandet är osäkert (på svenska); tomt när det inte är det", "Why the participation is uncertain (in Swedish); empty when it is not"},
	"field.confidence":           {"Hur säker uppgiften är enligt källorna: high, medium eller low", "How sure the sources make the fact: high, medium or low"},
	"field.sources":              {"Nycklar till källorna (se källfilerna), åtskilda av mellanslag i CSV och som lista i JSON", "Keys of the sources (see the source files), separated by spaces in CSV and as a list in JSON"},
	"sourcefield.key":            {"Källans nyckel, som i kolumnen sources", "The source's key, as in the sources column"},
	"sourcefield.publisher":      {"Utgivaren", "The publisher"},
	"sourcefield.published_on":   {"Publiceringsdatum ÅÅÅÅ-MM-DD; tomt när det är okänt", "Date of publication YYYY-MM-DD; empty when not known"},
	"sourcefield.title":          {"Titel, när den är registrerad", "Title, where recorded"},
	"sourcefield.summary":        {"Vad källan säger, i korthet (på engelska för den inlästa redovisningen)", "What the source says, in brief"},
	"sourcefield.url":            {"Adressen; tom där bara texten är känd", "The address; empty where only the text is known"},
	"meeting.forgroup":           {"för gruppen %s", "for the group %s"},
	"meeting.fortrack":           {"för %s", "for %s"},
}

func init() {
	for k, m := range recordMessages {
		messages[k] = m
	}
}

// partialDate writes a date as precisely as it is known: "28 maj 2015",
// "februari 2020" or "2016".
func partialDate(ctx context.Context, d portal.PartialDate) string {
	months := strings.Fields(t(ctx, "months"))
	switch d.Precision {
	case portal.PrecisionDay:
		return longDateIn(ctx, d.Time)
	case portal.PrecisionMonth:
		return months[d.Time.Month()-1] + " " + itoa(d.Time.Year())
	case portal.PrecisionYear:
		return itoa(d.Time.Year())
	}
	return ""
}

// dateSpan writes a span "28 maj 2015 – 2016".
func dateSpan(ctx context.Context, from, to portal.PartialDate) string {
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case to.IsZero():
		return partialDate(ctx, from) + " –"
	}
	return partialDate(ctx, from) + " – " + partialDate(ctx, to)
}

// roundDates is the round's span as precisely as the sources give it, or
// its years when no dates are recorded.
func roundDates(ctx context.Context, r portal.Round) string {
	if s := dateSpan(ctx, r.Starts, r.Ends); s != "" {
		return s
	}
	return r.Years()
}

// spansDiffer reports whether the tracks ran for different spans, so the
// page shows each one's.
func spansDiffer(r portal.Round, spans []portal.TrackSpan) bool {
	if len(spans) < 2 {
		return false
	}
	for _, s := range spans {
		if s.Starts != r.Starts || s.Ends != r.Ends {
			return true
		}
	}
	return false
}

// sourceLabel names a source in a list: publisher and date.
func sourceLabel(ctx context.Context, s portal.Source) string {
	label := s.Publisher
	if s.Title != "" {
		label += ": " + s.Title
	}
	if s.PublishedOn != nil {
		return label + ", " + longDateIn(ctx, *s.PublishedOn)
	}
	return label + " (" + t(ctx, "sources.undated") + ")"
}

// sourceAnchor is the id of a source's entry in the page's list.
func sourceAnchor(n int) string { return "kalla-" + itoa(n) }

// conflictText picks the wording of a conflict in the page's language.
func conflictText(ctx context.Context, c portal.Conflict) portal.ConflictText {
	if langOf(ctx) == English {
		return c.EN
	}
	return c.SV
}

// statusNote is what a page says of a participation beyond its role: a
// withdrawal with its time, or why it is uncertain.
func withdrawnText(ctx context.Context, p portal.Participation) string {
	switch {
	case p.WithdrawnOn != nil:
		return tf(ctx, "withdrew.when", longDateIn(ctx, *p.WithdrawnOn))
	case p.WithdrawnWhen != "":
		return tf(ctx, "withdrew.when", recordText(ctx, p.WithdrawnWhen))
	}
	return t(ctx, "withdrew")
}

func meetingKindLabel(ctx context.Context, k portal.MeetingKind) string {
	if k == "" {
		k = portal.MeetingLearning
	}
	return t(ctx, "meeting."+string(k))
}

// refNumbers are the places in the page's list of the sources with these
// keys, in order.
func refNumbers(rs portal.RecordSources, keys []string) []int {
	var ns []int
	for _, k := range keys {
		if n := rs.Number(k); n > 0 && !slices.Contains(ns, n) {
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	return ns
}

// recordTranslationsEN are the English versions of the Swedish texts the
// public record's seed stores (round descriptions, notes, meeting notes).
var recordTranslationsEN = map[string]string{
	"Modellkommuner för jämställdhet började som en pilot den 28 maj 2015 med sju kommuner: Piteå, Umeå, Örebro, Jönköping, Eskilstuna, Kalmar och Malmö. De arbetade tillsammans som ett nätverk.":                                      "Model municipalities for gender equality began as a pilot on 28 May 2015 with seven municipalities: Piteå, Umeå, Örebro, Jönköping, Eskilstuna, Kalmar and Malmö. They worked together as one network.",
	"Fjorton kommuner och en stadsdelsförvaltning i Stockholm i sex jämförelsegrupper, med pilotkommunerna som mentorer. Projektet avslutades i maj 2018.":                                                                               "Fourteen municipalities and a city district administration of Stockholm in six benchmarking groups, with the pilot municipalities as mentors. The project ended in May 2018.",
	"Kommuner och ett kommunförbund i jämförelsegrupper med mentorer från tidigare omgångar, och för första gången regioner (Modellregioner). Kommunerna arbetade från februari 2019 till februari 2020, regionerna till december 2020.": "Municipalities and an association of municipalities in benchmarking groups with mentors from earlier rounds, and for the first time regions (Model regions). The municipalities worked from February 2019 to February 2020, the regions until December 2020.",
	"Programmets fjärde omgång startade den 3 november 2020, senarelagd på grund av pandemin. Mentorer var Kalmar och Örnsköldsvik.":                                                                                                     "The programme's fourth round started on 3 November 2020, delayed by the pandemic. Kalmar and Örnsköldsvik were the mentors.",
	"Omgången startade den 13–14 september 2021 med den första blandade gruppen: två regioner och en kommun, med tre regioner som mentorer.":                                                                                             "The round started on 13–14 September 2021 with the first mixed group: two regions and a municipality, with three regions as mentors.",
	"Omgången startade i februari 2023 och pågick i omkring två år.":                                                                                                                                                                     "The round started in February 2023 and ran for about two years.",
	"De sju pilotkommunerna arbetade tillsammans som ett nätverk.":                                                                                                                                                                       "The seven pilot municipalities worked together as one network.",
	"Inte bland mentorerna 2017. Umeå kommuns text från 2016 räknar sex pilotkommuner.":                                                                                                                                                  "Not among the mentors of 2017. Umeå's text of 2016 counts six pilot municipalities.",
	"En stadsdelsförvaltning i Stockholms stad.":                                                                                                     "A city district administration of Stockholm.",
	"Avslutade sitt deltagande under våren 2019 (källorna anger inget datum).":                                                                       "Ended its participation in spring 2019 (the sources give no date).",
	"Finns inte med i SKL:s lista från november 2018.":                                                                                               "Not in SKL's list of November 2018.",
	"Nämns av SKL i november 2018 men saknas i SKL:s lista från juli 2019, som i stället nämner Kalmar.":                                             "Named by SKL in November 2018 but absent from SKL's list of July 2019, which names Kalmar instead.",
	"Finns inte med i SKL:s lista från november 2018, som i stället nämner Östersund.":                                                               "Not in SKL's list of November 2018, which names Östersund instead.",
	"Flera kommuner i Norrbotten deltog genom förbundet.":                                                                                            "Several Norrbotten municipalities took part through the association.",
	"Antagen enligt SKL i november 2018, men SKR:s senare sammanfattningar (november 2020 och april 2021) nämner bara fem regioner, utan Gävleborg.": "Admitted according to SKL in November 2018, but SKR's later summaries (November 2020 and April 2021) name only five regions, without Gävleborg.",
	"Kramfors kommun skriver 2023 att kommunen är modellkommun sedan 2022.":                                                                          "Kramfors wrote in 2023 that it has been a model municipality since 2022.",
	"Nämns vid starten i november 2020 men saknas i SKR:s lista från april 2021. Jämförelsegruppen är okänd.":                                        "Named at the start in November 2020 but absent from SKR's list of April 2021. Its group is not known.",
	"Den första gruppen med både regioner och en kommun.":                                                                                            "The first group with both regions and a municipality.",
	"Jämförelsegrupp och mentor är okända.":                                                                                                          "Group and mentor are not known.",
	"Pilotomgångens första träff.":                                                                                                                   "The pilot's first meeting.",
	"Gemensam uppstart för regionerna.":                                                                                                              "Joint start-up of the regions.",
	"Gemensam uppstart för kommunerna.":                                                                                                              "Joint start-up of the municipalities.",
	"Resultatkonferens för regionernas pilot.":                                                                                                       "Results conference of the regions' pilot.",
	"Start för programmets fjärde omgång.":                                                                                                           "Start of the programme's fourth round.",
	"Uppstart den 13–14 september 2021.":                                                                                                             "Start-up on 13–14 September 2021.",
	"Resultatkonferens som avslutade omgången (veckan kring den 7 februari 2020; dagen anges inte).":                                                 "Results conference closing the round (the week of 7 February 2020; the day is not given).",
	"Gruppens inledande lärandeträff med Kramfors som mentor, om jämställdhetsintegrering av ledning och styrning. Det var inte omgångens första träff.": "The group's introductory learning meeting with Kramfors as mentor, on gender mainstreaming of management and governance. It was not the round's first meeting.",
	"våren 2019": "in spring 2019",
}

func init() {
	for sv, en := range recordTranslationsEN {
		recordTranslations[sv] = en
	}
}

// HasRecordTranslation reports whether a text from the records has an
// English version.
func HasRecordTranslation(sv string) bool { return recordTranslations[sv] != "" }

// sourceRefs links the sources one fact cites to their entries in the
// page's list: " [2, 5]". Written by hand, as a template would put spaces
// inside the brackets.
func sourceRefs(rs portal.RecordSources, subject string) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		ns := refNumbers(rs, rs.Cites[subject])
		if len(ns) == 0 {
			return nil
		}
		var b strings.Builder
		b.WriteString(` <span class="refs">[`)
		for i, n := range ns {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `<a href="#%s" aria-label="%s">%d</a>`, sourceAnchor(n),
				html.EscapeString(tf(ctx, "sources.ref", n)), n)
		}
		b.WriteString(`]</span>`)
		_, err := io.WriteString(w, b.String())
		return err
	})
}
