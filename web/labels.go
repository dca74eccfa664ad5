package web

import (
	"context"
	"strconv"
	"strings"
	"time"

	"modellportalen/internal/portal"
)

// Swedish names for the domain's values, in one place. Pages that have an
// English version word them through the i18n messages instead.

var statusNames = map[portal.Status]string{
	portal.StatusPlanned:   "Planerad",
	portal.StatusOpen:      "Öppen för anmälan",
	portal.StatusRunning:   "Pågår",
	portal.StatusCompleted: "Avslutad",
}

var trackNames = map[portal.Track]string{
	portal.TrackMunicipal: "Modellkommuner",
	portal.TrackRegional:  "Modellregioner",
	portal.TrackMixed:     "Blandade grupper",
}

func statusName(s portal.Status) string { return statusNames[s] }
func trackName(t portal.Track) string   { return trackNames[t] }

var roleNames = map[portal.Role]string{
	portal.RoleParticipant: "Deltagare",
	portal.RoleMentor:      "Mentor",
}

// RoleName is the Swedish name of a role in a round.
func RoleName(r portal.Role) string { return roleNames[r] }

// RoleWord is the role's name within a sentence: "antagen som mentor".
func RoleWord(r portal.Role) string { return strings.ToLower(roleNames[r]) }

// roleName is a participation's role, and whether it was withdrawn.
func roleName(p portal.Participation) string {
	if p.Role == portal.RoleParticipant && p.Withdrawn {
		return "Deltagare (avbröt)"
	}
	return RoleName(p.Role)
}

func tracksText(ts []portal.Track) string {
	var out []string
	for _, t := range ts {
		out = append(out, trackName(t))
	}
	return joinAnd(out)
}

// joinAnd joins names as Swedish prose: "A", "A och B", "A, B och C".
func joinAnd(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " och " + names[len(names)-1]
}

func orgNames(orgs []portal.Organisation) []string {
	out := make([]string, len(orgs))
	for i, o := range orgs {
		out[i] = o.Name
	}
	return out
}

func date(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

var monthNames = [...]string{"januari", "februari", "mars", "april", "maj", "juni", "juli",
	"augusti", "september", "oktober", "november", "december"}

// longDate writes a date as Swedes read it: "23 maj 2023".
func longDate(t time.Time) string {
	return itoa(t.Day()) + " " + monthNames[t.Month()-1] + " " + itoa(t.Year())
}

func orgURL(ctx context.Context, o portal.Organisation) string {
	return href(ctx, "/organisationer/"+o.Slug)
}
func roundURL(ctx context.Context, r portal.Round) string { return href(ctx, "/omgangar/"+r.Slug) }

// num writes a coordinate for SVG: as short as it can be, never in
// exponent notation.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func itoa(n int) string { return strconv.Itoa(n) }

// hits words a search's result count: "1 träff.", "12 träffar.".
func hits(n int) string {
	if n == 1 {
		return "1 träff."
	}
	return itoa(n) + " träffar."
}

// hitsIn is hits in the context's language.
func hitsIn(ctx context.Context, n int) string { return tn(ctx, "orgs.hits", n) }

// roleLabel is roleName in the context's language.
func roleLabel(ctx context.Context, p portal.Participation) string {
	switch {
	case p.Role == portal.RoleMentor:
		return t(ctx, "role.mentor")
	case p.Withdrawn:
		return t(ctx, "role.withdrawn")
	}
	return t(ctx, "role.participant")
}

// The domain's labels in the context's language; the functions above without
// a context are Swedish, for the staff pages.
func statusLabel(ctx context.Context, st portal.Status) string { return t(ctx, "status."+string(st)) }
func trackLabel(ctx context.Context, tr portal.Track) string   { return t(ctx, "track."+string(tr)) }

func tracksLabel(ctx context.Context, ts []portal.Track) string {
	var out []string
	for _, tr := range ts {
		out = append(out, trackLabel(ctx, tr))
	}
	return joinAndCtx(ctx, out)
}

// longDateIn writes a date as people read it: "23 maj 2023", "23 May 2023".
func longDateIn(ctx context.Context, d time.Time) string {
	months := strings.Fields(t(ctx, "months"))
	return itoa(d.Day()) + " " + months[d.Month()-1] + " " + itoa(d.Year())
}

var levelNames = map[portal.Level]string{
	portal.LevelPolitician: "Politiker",
	portal.LevelManager:    "Chef",
	portal.LevelStrategist: "Jämställdhetsstrateg",
	portal.LevelMember:     "Styrgruppsmedlem",
}

// LevelName is a delegation level's Swedish name.
func LevelName(l portal.Level) string { return levelNames[l] }

var workStatusNames = map[portal.WorkStatus]string{
	portal.WorkPlanned:     "Planerat",
	portal.WorkInProgress:  "Pågår",
	portal.WorkImplemented: "Genomfört",
	portal.WorkSpread:      "Spritt",
	portal.WorkFollowedUp:  "Uppföljt",
}

// WorkStatusName is an improvement work status's Swedish name.
func WorkStatusName(s portal.WorkStatus) string { return workStatusNames[s] }

// resultKindExplained are the result kinds as the result form offers them,
// each with what it means.
var resultKindExplained = map[portal.ResultKind]string{
	portal.ResultOutput:  "Prestation – vad som gjordes, till exempel en ny rutin eller en utbildning",
	portal.ResultOutcome: "Förändring i verksamheten – vad som blev annorlunda i hur verksamheten arbetar",
	portal.ResultEffect:  "Effekt – vad som förändrades för de kvinnor och män, flickor och pojkar som verksamheten är till för",
}

// resultKindPlurals head the counts of a round's results by kind.
var resultKindPlurals = map[portal.ResultKind]string{
	portal.ResultOutput:  "Prestationer",
	portal.ResultOutcome: "Förändringar i verksamheten",
	portal.ResultEffect:  "Effekter för kvinnor och män",
}

var outcomeKindNames = map[portal.OutcomeKind]string{
	portal.OutcomeInformation: "Information",
	portal.OutcomeDecision:    "Beslut",
	portal.OutcomeTask:        "Uppföljningsuppgift",
}

// OutcomeKindName is the Swedish name of a kind of outcome.
func OutcomeKindName(k portal.OutcomeKind) string { return outcomeKindNames[k] }

var userRoleNames = map[portal.UserRole]string{
	portal.UserAdmin:         "Administratör",
	portal.UserProjectLeader: "Projektledare",
	portal.UserContact:       "Kontaktperson",
}

// UserRoleName is the Swedish name of a user's role.
func UserRoleName(r portal.UserRole) string { return userRoleNames[r] }

// UserRoleWord is the user's role within a sentence: "är nu projektledare".
func UserRoleWord(r portal.UserRole) string { return strings.ToLower(userRoleNames[r]) }

var auditActionNames = map[string]string{
	"create":            "Skapad",
	"update":            "Ändrad",
	"delete":            "Borttagen",
	"login":             "Inloggning",
	"change_password":   "Bytte lösenord",
	"reset_password":    "Återställde lösenord",
	"accept_invitation": "Tackade ja till inbjudan",
	"export":            "Exporterad",
	"erase":             "Raderad för gott (personuppgifter)",
	"import":            "Importerad",
	"read":              "Läst",
	"remove_password":   "Lösenordet togs bort och kontot stängdes av",
	"propose":           "Föreslaget som lärande exempel",
	"approve":           "Godkänt som lärande exempel",
	"return":            "Återsänt med kommentar",
	"withdraw":          "Godkännandet drogs tillbaka",
	"unpublish":         "Borttaget från Lärande exempel efter en ändring",
	"cite":              "Källa angiven",
}

func auditActionName(a string) string {
	if n, ok := auditActionNames[a]; ok {
		return n
	}
	return a
}

// JoinAnd joins names as Swedish lists them: "A, B och C".
func JoinAnd(names []string) string { return joinAnd(names) }

// LongDate is a date as Swedish text, "16 mars 2027".
func LongDate(t time.Time) string { return longDate(t) }
