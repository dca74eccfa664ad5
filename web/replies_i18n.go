package web

import (
	"context"

	"modellportalen/internal/portal"
)

func init() {
	for id, m := range replyMessages {
		messages[id] = m
	}
}

// replyMessages are the texts of the page a delegate's personal reply link
// opens, which the invitation offers in Swedish and English.
var replyMessages = map[string]message{
	"reply.title":             {"Svara på inbjudan", "Reply to the invitation"},
	"reply.meeting":           {"Träff", "Meeting"},
	"reply.when":              {"När", "When"},
	"reply.where":             {"Var", "Where"},
	"reply.invited":           {"Inbjuden", "Invited"},
	"reply.answer":            {"Ditt svar", "Your answer"},
	"reply.coming":            {"Jag kommer", "I will come"},
	"reply.notcoming":         {"Jag kan inte komma", "I cannot come"},
	"reply.substitute":        {"Jag skickar en ersättare", "I am sending a substitute"},
	"reply.sublegend":         {"Om du skickar en ersättare", "If you send a substitute"},
	"reply.subname":           {"Ersättarens namn", "The substitute's name"},
	"reply.sublevel":          {"Ersättarens roll", "The substitute's role"},
	"reply.subemail":          {"Ersättarens e-postadress", "The substitute's e-mail address"},
	"reply.chooselevel":       {"Välj roll", "Choose a role"},
	"reply.send":              {"Skicka svaret", "Send the answer"},
	"reply.at":                {"kl.", "at"},
	"reply.level.politician":  {"Politiker", "Politician"},
	"reply.level.manager":     {"Chef", "Manager"},
	"reply.level.strategist":  {"Jämställdhetsstrateg", "Gender equality strategist"},
	"reply.err.name":          {"Skriv namnet på den som kommer i ditt ställe.", "Write the name of the person coming in your place."},
	"reply.err.namelong":      {"Namnet får vara högst 150 tecken.", "The name can be at most 150 characters."},
	"reply.err.level":         {"Välj ersättarens roll i delegationen.", "Choose the substitute's role in the delegation."},
	"reply.err.email":         {"Skriv ersättarens e-postadress, till exempel namn@kommun.se.", "Write the substitute's e-mail address, for example name@kommun.se."},
	"reply.err.answer":        {"Välj om du kommer, inte kommer eller skickar en ersättare.", "Choose whether you will come, cannot come or are sending a substitute."},
	"reply.refused.forged":    {"Länken gäller inte. Den kan vara ofullständig eller gälla någon annan; använd länken i ditt eget mejl, eller hör av dig till SKR.", "The link does not work. It may be incomplete or meant for someone else; use the link in your own e-mail, or contact SKR."},
	"reply.refused.expired":   {"Länken har gått ut: träffen har redan varit. Svar tas inte emot längre.", "The link has expired: the meeting has taken place. Replies are no longer taken."},
	"reply.refused.gone":      {"Länken gäller inte längre: träffen eller din plats i delegationen finns inte kvar.", "The link no longer works: the meeting, or your place in the delegation, is gone."},
	"reply.refused.cancelled": {"Träffen är inställd. Du behöver inte svara.", "The meeting is cancelled. You need not reply."},
	"reply.refused.started":   {"Träffen har redan börjat eller varit. Svar tas inte emot längre.", "The meeting has begun or taken place. Replies are no longer taken."},
	"reply.saved":             {"Tack, ditt svar är sparat. Du kan ändra det med samma länk fram till träffen.", "Thank you, your answer is saved. You can change it with the same link until the meeting."},
}

// replyLevelName is a delegation level in the context's language.
func replyLevelName(ctx context.Context, l portal.Level) string {
	switch l {
	case portal.LevelPolitician, portal.LevelManager, portal.LevelStrategist:
		return t(ctx, "reply.level."+string(l))
	}
	return LevelName(l)
}
