package server

// Every route of the portal and the action that guards it, in one place:
// read this file to see what a visitor, a contact and a project leader can
// reach. The guard itself is in guard.go.

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"modellportalen/internal/auth"
	"modellportalen/web"
)

// publicRoutes are open to everyone and show no personal data. Every page is
// offered in Swedish and, under the /en prefix, in English; the open data
// files are the same in both.
func (s *Server) publicRoutes(r publicRouter) {
	pages := []struct {
		pattern string
		h       handlerFunc
	}{
		{"/", publicView(s, publicData.HomeView, web.Home)},
		{"/omgangar", publicView(s, publicData.Rounds, web.Rounds)},
		{"/omgangar/{slug}", s.round},
		{"/organisationer", s.organisations},
		{"/organisationer/{slug}", s.organisation},
		{"/mentorkedjor", publicView(s, publicData.LineageView, web.LineagePage)},
		{"/statistik", publicView(s, publicData.StatisticsView, web.Statistics)},
		{"/oppna-data", s.openData},
	}
	for _, p := range pages {
		r.Get(p.pattern, s.inSwedish(p.h))
		r.Get(web.Localize(web.English, p.pattern), s.inEnglish(p.h))
	}
	r.Get("/en", func(w http.ResponseWriter, r *http.Request) error {
		http.Redirect(w, r, "/en/", http.StatusMovedPermanently)
		return nil
	})
	r.Get("/sprak", s.chooseLanguage)
	r.Get("/oppna-data/deltagare.{ext}", s.participantFile)
	r.Get("/oppna-data/kallor.{ext}", s.sourceFile)
	r.Get("/oppna-data/omgangar/{slug}/deltagare.{ext}", s.participantFile)
	// A round's joint meetings as a calendar to subscribe to, named in the
	// page's language.
	r.Get("/omgangar/{slug}/kalender.ics", s.inSwedish(s.roundCalendar))
	r.Get(web.Localize(web.English, "/omgangar/{slug}/kalender.ics"), s.inEnglish(s.roundCalendar))
}

// crawlerRoutes tell search engines what to index: robots.txt keeps them out
// of the signed-in parts, and sitemap.xml lists every public page in both
// languages, each with its other-language twin.
func (s *Server) crawlerRoutes(r publicRouter) {
	r.Get("/robots.txt", s.robots)
	r.Get("/sitemap.xml", s.sitemap)
}

// statementRoutes are the accessibility statement and the page on personal
// data, which every page's footer links to, in Swedish and English.
func (s *Server) statementRoutes(r publicRouter) {
	for path, page := range map[string]func() templ.Component{
		web.AccessibilityPath: web.AccessibilityStatement,
		web.PrivacyPath:       web.PrivacyStatement,
	} {
		h := func(w http.ResponseWriter, r *http.Request) error { return s.render(w, r, http.StatusOK, page()) }
		r.Get(path, s.inSwedish(h))
		r.Get(web.Localize(web.English, path), s.inEnglish(h))
	}
}

// publicExampleRoutes are the learning examples: approved improvement
// works, in both languages, and as open data. They show no personal data:
// a work names its organisation and round, never a delegate or an account.
func (s *Server) publicExampleRoutes(r publicRouter) {
	for _, p := range []struct {
		pattern string
		h       handlerFunc
	}{
		{"/larande-exempel", s.learningExamples},
		{"/larande-exempel/{work}", s.learningExample},
	} {
		r.Get(p.pattern, s.inSwedish(p.h))
		r.Get(web.Localize(web.English, p.pattern), s.inEnglish(p.h))
	}
	r.Get("/oppna-data/larande-exempel.{ext}", s.exampleFile)
	r.Get("/oppna-data/larande-exempel-indikatorer.{ext}", s.exampleValuesFile)
}

// authRoutes are signing in and out and the links from mail. They are
// public: anyone may try to sign in.
func (s *Server) authRoutes(r chi.Router) {
	// They carry a form token and, behind a link, the person's name and
	// address: no cache may keep them.
	r = r.With(noStore)
	s.route(r, http.MethodGet, "/logga-in", auth.ActionPublic, s.loginForm)
	s.route(r, http.MethodPost, "/logga-in", auth.ActionPublic, s.login)
	s.route(r, http.MethodPost, "/logga-ut", auth.ActionPublic, s.logout)
	s.route(r, http.MethodGet, "/glomt-losenord", auth.ActionPublic, s.forgotForm)
	s.route(r, http.MethodPost, "/glomt-losenord", auth.ActionPublic, s.forgot)
	s.route(r, http.MethodGet, "/svar/{token}", auth.ActionPublic, s.showReply(s.replyPage))
	s.route(r, http.MethodPost, "/svar/{token}", auth.ActionPublic, s.saveReply)
	s.route(r, http.MethodGet, web.Localize(web.English, "/svar/{token}"), auth.ActionPublic, s.inEnglish(s.showReply(s.replyPage)))
	s.route(r, http.MethodPost, web.Localize(web.English, "/svar/{token}"), auth.ActionPublic, s.inEnglish(s.saveReply))
	s.route(r, http.MethodGet, "/aterstall/{token}", auth.ActionPublic, s.resetForm)
	s.route(r, http.MethodPost, "/aterstall/{token}", auth.ActionPublic, s.reset)
	s.route(r, http.MethodGet, "/inbjudan/{token}", auth.ActionPublic, s.inviteForm)
	s.route(r, http.MethodPost, "/inbjudan/{token}", auth.ActionPublic, s.acceptInvite)
}

// accountRoutes are a signed-in person's own account.
func (s *Server) accountRoutes(r chi.Router) {
	s.route(r, http.MethodGet, "/konto", auth.ActionOwnAccount, s.account)
	s.route(r, http.MethodPost, "/konto", auth.ActionOwnAccount, s.changeName)
	s.route(r, http.MethodPost, "/konto/losenord", auth.ActionOwnAccount, s.changePassword)
}

// secondFactorRoutes are passing the second factor (after the password and
// before sensitive actions), setting one up and managing one's own, and an
// admin's reset. Pages are in Swedish and, under /en, in English.
func (s *Server) secondFactorRoutes(r chi.Router) {
	s.pageRoute(r, "/verifiera", auth.ActionVerifySecondFactor, false, s.verifyForm)
	s.formRoute(r, "/verifiera", auth.ActionVerifySecondFactor, false, s.verify)
	s.route(r, http.MethodPost, "/verifiera/nyckel/start", auth.ActionVerifySecondFactor, s.beginPasskeyLogin)
	s.route(r, http.MethodPost, "/verifiera/nyckel", auth.ActionVerifySecondFactor, s.finishPasskeyLogin)

	s.pageRoute(r, "/konto/sakerhet", auth.ActionOwnSecondFactor, false, viewPage(s, s.securityView, web.Security))
	s.pageRoute(r, "/konto/sakerhet/app", auth.ActionOwnSecondFactor, true, viewPage(s, s.totpSetupView, web.TOTPSetup))
	s.formRoute(r, "/konto/sakerhet/app", auth.ActionOwnSecondFactor, true, s.enrolTOTP)
	s.formRoute(r, "/konto/sakerhet/app/ta-bort", auth.ActionOwnSecondFactor, true, s.removeTOTP)
	s.pageRoute(r, "/konto/sakerhet/reservkoder", auth.ActionOwnSecondFactor, false, s.recoveryCodes)
	s.formRoute(r, "/konto/sakerhet/reservkoder", auth.ActionOwnSecondFactor, true, s.newRecoveryCodes)
	s.formRoute(r, "/konto/sakerhet/nyckel/{id}/ta-bort", auth.ActionOwnSecondFactor, true, s.removePasskey)
	// The passkey ceremony's JSON steps; the script on the page calls them.
	s.sensitiveRoute(r, http.MethodPost, "/konto/sakerhet/nyckel/start", auth.ActionOwnSecondFactor, "/konto/sakerhet", s.beginPasskeyRegistration)
	s.sensitiveRoute(r, http.MethodPost, "/konto/sakerhet/nyckel", auth.ActionOwnSecondFactor, "/konto/sakerhet", s.finishPasskeyRegistration)

	s.sensitiveRoute(r, http.MethodPost, "/personal/anvandare/{id}/tvastegs/nollstall", auth.ActionManageUsers, "/personal/anvandare", s.resetSecondFactor)
	s.sensitiveRoute(r, http.MethodPost, "/personal/anvandare/{id}/tvastegs/krav", auth.ActionManageUsers, "/personal/anvandare", s.requireSecondFactor)
}

// contactOrg is where an organisation's own pages stand; the route guard
// checks its {id}.
const contactOrg = "/mina-sidor/organisationer/{id}"

// contactRoutes are contact persons' start page and each of their
// organisations' own page.
func (s *Server) contactRoutes(r chi.Router) {
	s.route(r, http.MethodGet, "/mina-sidor", auth.ActionOwnAccount, s.contactHome)
	s.orgRoute(r, http.MethodGet, contactOrg, auth.ActionViewOrganisation, "id", viewPage(s, s.contactOrganisationView, web.ContactOrgPage))
}

// contactSelfServiceRoutes let an organisation's contacts (and staff) keep
// its delegation and improvement work up to date. Every route names the
// organisation, which the policy checks; the handlers then check that the
// delegate, work or participation in the URL belongs to it.
func (s *Server) contactSelfServiceRoutes(r chi.Router) {
	const view, edit = auth.ActionViewOrganisation, auth.ActionEditOrganisation
	s.orgRoute(r, http.MethodGet, contactOrg+"/deltagande/{participation}/delegater/ny", edit, "id", viewPage(s, s.delegatePage, web.DelegatePage))
	s.orgRoute(r, http.MethodPost, contactOrg+"/deltagande/{participation}/delegater/ny", edit, "id", s.saveDelegate)
	s.orgRoute(r, http.MethodGet, contactOrg+"/delegater/{delegate}", view, "id", viewPage(s, s.delegatePage, web.DelegatePage))
	s.orgRoute(r, http.MethodPost, contactOrg+"/delegater/{delegate}", edit, "id", s.saveDelegate)
	s.orgRoute(r, http.MethodGet, contactOrg+"/delegater/{delegate}/radera", edit, "id", s.confirmRemoval(s.delegateErasure))
	s.orgRoute(r, http.MethodPost, contactOrg+"/delegater/{delegate}/radera", edit, "id", s.removal(s.delegateErasure))
	s.orgRoute(r, http.MethodGet, contactOrg+"/traffar/{meeting}/svar", view, "id", s.delegationReplies)
	s.orgRoute(r, http.MethodGet, contactOrg+"/traffar/{meeting}/svar/{delegate}", view, "id", s.showReply(s.delegateReplyView))
	s.orgRoute(r, http.MethodPost, contactOrg+"/traffar/{meeting}/svar/{delegate}", edit, "id", s.saveDelegateReply)
	s.orgRoute(r, http.MethodPost, contactOrg+"/kalender", edit, "id", s.renewFeed)
	s.orgRoute(r, http.MethodPost, contactOrg+"/kalender/stang-av", edit, "id", s.revokeFeed)
	// The organisation's own feed, for calendar programs, which cannot sign
	// in: the secret address is its only key.
	s.route(r, http.MethodGet, "/kalender/{token}.ics", auth.ActionPublic, s.organisationCalendar)
	s.orgRoute(r, http.MethodGet, contactOrg+"/deltagande/{participation}/forbattringsarbeten/ny", edit, "id", viewPage(s, s.workPage, web.WorkPage))
	s.orgRoute(r, http.MethodPost, contactOrg+"/deltagande/{participation}/forbattringsarbeten/ny", edit, "id", s.saveWork)
	s.orgRoute(r, http.MethodGet, contactOrg+"/forbattringsarbeten/{work}", view, "id", viewPage(s, s.workPage, web.WorkPage))
	s.orgRoute(r, http.MethodPost, contactOrg+"/forbattringsarbeten/{work}", edit, "id", s.saveWork)
	s.orgRoute(r, http.MethodPost, contactOrg+"/forbattringsarbeten/{work}/status", edit, "id", s.advanceWork)
	s.contactMinutesRoutes(r)
}

// contactMinutesRoutes let the contacts of a meeting's host write its
// minutes and outcomes, and the contacts of a task's owner mark it done.
// The handlers answer 404 for a meeting the organisation did not host and
// a task it does not own.
func (s *Server) contactMinutesRoutes(r chi.Router) {
	const view, edit = auth.ActionViewOrganisation, auth.ActionEditOrganisation
	const minutes = contactOrg + "/traffar/{meeting}/protokoll"
	s.orgRoute(r, http.MethodGet, minutes, view, "id", s.showMinutes(s.hostMinutesPlace))
	s.orgRoute(r, http.MethodPost, minutes, edit, "id", s.saveMinutes(s.hostMinutesPlace))
	s.orgRoute(r, http.MethodPost, minutes+"/utfall", edit, "id", s.addOutcome(s.hostMinutesPlace))
	s.orgRoute(r, http.MethodGet, minutes+"/utfall/{outcome}/ta-bort", edit, "id", s.confirmRemoval(s.outcomeRemoval(s.hostMinutesPlace)))
	s.orgRoute(r, http.MethodPost, minutes+"/utfall/{outcome}/ta-bort", edit, "id", s.removal(s.outcomeRemoval(s.hostMinutesPlace)))
	s.orgRoute(r, http.MethodPost, contactOrg+"/uppgifter/{outcome}/klar", edit, "id", s.markTask(s.ownTask, true))
	s.orgRoute(r, http.MethodPost, contactOrg+"/uppgifter/{outcome}/oppna", edit, "id", s.markTask(s.ownTask, false))
}

// contactResultRoutes let a contact give an improvement work its
// indicators and results and propose it as a learning example. Like the
// rest of the contact pages, every route names the organisation and the
// handlers check that the work belongs to it.
func (s *Server) contactResultRoutes(r chi.Router) {
	const view, edit = auth.ActionViewOrganisation, auth.ActionEditOrganisation
	const work = contactOrg + "/forbattringsarbeten/{work}"
	s.orgRoute(r, http.MethodGet, work+"/indikatorer/ny", edit, "id", viewPage(s, s.indicatorView, web.IndicatorPage))
	s.orgRoute(r, http.MethodPost, work+"/indikatorer/ny", edit, "id", s.saveIndicator)
	s.orgRoute(r, http.MethodGet, work+"/indikatorer/{indicator}", view, "id", viewPage(s, s.indicatorView, web.IndicatorPage))
	s.orgRoute(r, http.MethodPost, work+"/indikatorer/{indicator}", edit, "id", s.saveIndicator)
	s.orgRoute(r, http.MethodPost, work+"/indikatorer/{indicator}/ta-bort", edit, "id", s.deleteIndicator)
	s.orgRoute(r, http.MethodGet, work+"/resultat/ny", edit, "id", viewPage(s, s.resultView, web.ResultPage))
	s.orgRoute(r, http.MethodPost, work+"/resultat/ny", edit, "id", s.saveResult)
	s.orgRoute(r, http.MethodGet, work+"/resultat/{result}", view, "id", viewPage(s, s.resultView, web.ResultPage))
	s.orgRoute(r, http.MethodPost, work+"/resultat/{result}", edit, "id", s.saveResult)
	s.orgRoute(r, http.MethodPost, work+"/resultat/{result}/ta-bort", edit, "id", s.deleteResult)
	s.orgRoute(r, http.MethodPost, work+"/foresla", edit, "id", s.proposeWork)
}

// staffRound is where a round's staff pages stand.
const staffRound = "/personal/omgangar/{round}"

// staffRoundRoutes are the project leaders' pages for running a round:
// the round itself, participants, groups and mentors, learning meetings.
func (s *Server) staffRoundRoutes(r chi.Router) {
	const m = auth.ActionManageRounds
	s.route(r, http.MethodGet, "/personal/omgangar", m, s.staffRounds)
	s.route(r, http.MethodGet, "/personal/omgangar/ny", m, s.newRoundForm)
	s.route(r, http.MethodPost, "/personal/omgangar/ny", m, s.createRound)
	s.route(r, http.MethodGet, staffRound, m, viewPage(s, s.roundDashboardView, web.RoundDashboard))
	s.route(r, http.MethodGet, staffRound+"/redigera", m, s.editRoundForm)
	s.route(r, http.MethodPost, staffRound+"/redigera", m, s.updateRound)
	s.route(r, http.MethodPost, staffRound+"/status", m, s.changeRoundStatus)
	s.route(r, http.MethodGet, staffRound+"/publicera", m, viewPage(s, s.roundDashboardView, web.PublishRound))
	s.route(r, http.MethodPost, staffRound+"/publicera", m, s.publishRound)
	s.route(r, http.MethodGet, staffRound+"/deltagare", m, viewPage(s, s.participantsView, web.Participants))
	s.route(r, http.MethodPost, staffRound+"/deltagare", m, s.admit)
	s.route(r, http.MethodGet, staffRound+"/deltagare/{participation}", m, s.showParticipation)
	s.route(r, http.MethodPost, staffRound+"/deltagare/{participation}", m, s.updateParticipation)
	s.route(r, http.MethodGet, staffRound+"/grupper/ny", m, viewPage(s, s.groupView, web.GroupPage))
	s.route(r, http.MethodPost, staffRound+"/grupper/ny", m, s.saveGroup)
	s.route(r, http.MethodGet, staffRound+"/grupper/{group}", m, viewPage(s, s.groupPage, web.GroupPage))
	s.route(r, http.MethodPost, staffRound+"/grupper/{group}", m, s.saveGroup)
	s.route(r, http.MethodPost, staffRound+"/grupper/{group}/mentorer", m, s.addMentor)
	s.removalRoutes(r, staffRound+"/grupper/{group}/mentorer/{organisation}/ta-bort", m, s.mentorRemoval)
	s.removalRoutes(r, staffRound+"/grupper/{group}/ta-bort", m, s.groupRemoval)
	s.removalRoutes(r, staffRound+"/deltagare/{participation}/ta-bort", m, s.participationRemoval)
	s.removalRoutes(r, staffRound+"/traffar/{meeting}/ta-bort", m, s.meetingRemoval)
	s.route(r, http.MethodPost, staffRound+"/traffar/{meeting}/inbjudan", m, s.sendInvitations)
	s.route(r, http.MethodPost, staffRound+"/traffar/{meeting}/stall-in", m, s.cancelMeeting)
	s.route(r, http.MethodGet, staffRound+"/traffar/standard", m, s.sequenceForm)
	s.route(r, http.MethodPost, staffRound+"/traffar/standard", m, s.saveSequence)
	s.route(r, http.MethodGet, staffRound+"/traffar/ny", m, viewPage(s, s.meetingPage, web.MeetingPage))
	s.route(r, http.MethodPost, staffRound+"/traffar/ny", m, s.saveMeeting)
	s.route(r, http.MethodGet, staffRound+"/traffar/{meeting}", m, viewPage(s, s.meetingPage, web.MeetingPage))
	s.route(r, http.MethodPost, staffRound+"/traffar/{meeting}", m, s.saveMeeting)
	s.route(r, http.MethodGet, staffRound+"/kallor/{subject}", m, s.subjectSources)
	s.route(r, http.MethodPost, staffRound+"/kallor/{subject}", m, s.citeSource)
	s.staffCorrectionRoutes(r)
	s.staffMinutesRoutes(r)
}

// removalRoutes are the two routes of a project leader's removal at
// pattern: the page that asks first, and the removal it posts.
func (s *Server) removalRoutes(r chi.Router, pattern string, action auth.Action, load func(*http.Request) (removable, error)) {
	s.route(r, http.MethodGet, pattern, action, s.confirmRemoval(load))
	s.route(r, http.MethodPost, pattern, action, s.removal(load))
}

// staffMinutesRoutes are a meeting's minutes and outcomes, for the project
// leaders.
func (s *Server) staffMinutesRoutes(r chi.Router) {
	const m = auth.ActionManageRounds
	const minutes = staffRound + "/traffar/{meeting}/protokoll"
	s.route(r, http.MethodGet, minutes, m, s.showMinutes(s.staffMinutesPlace))
	s.route(r, http.MethodPost, minutes, m, s.saveMinutes(s.staffMinutesPlace))
	s.route(r, http.MethodPost, minutes+"/utfall", m, s.addOutcome(s.staffMinutesPlace))
	s.route(r, http.MethodPost, minutes+"/utfall/{outcome}/klar", m, s.markTask(s.staffTask, true))
	s.route(r, http.MethodPost, minutes+"/utfall/{outcome}/oppna", m, s.markTask(s.staffTask, false))
	s.removalRoutes(r, minutes+"/utfall/{outcome}/ta-bort", m, s.outcomeRemoval(s.staffMinutesPlace))
}

// staffCorrectionRoutes are the project leaders' ways to correct an
// admission's role or track, and to admit several organisations at once.
// (A mistaken admission's removal is among staffRoundRoutes.)
func (s *Server) staffCorrectionRoutes(r chi.Router) {
	const m = auth.ActionManageRounds
	s.route(r, http.MethodGet, staffRound+"/deltagare/flera", m, viewPage(s, s.admitManyView, web.AdmitManyPage))
	s.route(r, http.MethodPost, staffRound+"/deltagare/flera", m, s.admitMany)
	s.route(r, http.MethodGet, staffRound+"/deltagare/{participation}/roll", m, s.roleTrackForm)
	s.route(r, http.MethodPost, staffRound+"/deltagare/{participation}/roll", m, s.changeRoleTrack)
}

// staffExampleRoutes are the project leaders' review of proposed learning
// examples and a round's result summary for the results conference.
func (s *Server) staffExampleRoutes(r chi.Router) {
	const m = auth.ActionManageRounds
	s.route(r, http.MethodGet, "/personal/larande-exempel", m, s.reviewList)
	s.route(r, http.MethodGet, "/personal/larande-exempel/{work}", m, s.reviewPage)
	s.route(r, http.MethodPost, "/personal/larande-exempel/{work}/godkann", m, s.approveExample)
	s.route(r, http.MethodPost, "/personal/larande-exempel/{work}/atersand", m, s.returnExample)
	s.route(r, http.MethodPost, "/personal/larande-exempel/{work}/dra-tillbaka", m, s.withdrawExample)
	s.route(r, http.MethodGet, staffRound+"/resultat", m, s.roundResults)
}

// userAdminRoutes are the staff start page, user administration, the outbox
// and records' history.
func (s *Server) userAdminRoutes(r chi.Router) {
	s.route(r, http.MethodGet, "/personal", auth.ActionStaff, s.staffHome)
	s.sensitiveRoute(r, http.MethodGet, "/personal/anvandare", auth.ActionManageUsers, "", viewPage(s, s.usersView, web.Users))
	s.sensitiveRoute(r, http.MethodPost, "/personal/anvandare", auth.ActionManageUsers, "/personal/anvandare", s.inviteUser)
	s.sensitiveRoute(r, http.MethodPost, "/personal/anvandare/{id}/roll", auth.ActionManageUsers, "/personal/anvandare", s.changeRole)
	s.sensitiveRoute(r, http.MethodPost, "/personal/anvandare/{id}/aktiv", auth.ActionManageUsers, "/personal/anvandare", s.setActive)
	s.sensitiveRoute(r, http.MethodPost, "/personal/anvandare/{id}/inbjudan", auth.ActionManageUsers, "/personal/anvandare", s.reinvite)
	s.route(r, http.MethodGet, "/personal/utkorg", auth.ActionViewOutbox, s.outbox)
	s.route(r, http.MethodGet, "/personal/historik/{table}/{id}", auth.ActionViewHistory, s.history)
	// The history of accounts and of person-data lookups is about people
	// and belongs with user administration, which only admins have.
	s.route(r, http.MethodGet, "/personal/historik/users/{id}", auth.ActionManageUsers, s.historyOf("users"))
	s.route(r, http.MethodGet, "/personal/historik/person_data/{id}", auth.ActionManageUsers, s.historyOf("person_data"))
}

// staffContactRoutes let project leaders invite the contact persons of the
// organisations in the rounds they lead; accounts for staff stay with the
// admins' user administration.
func (s *Server) staffContactRoutes(r chi.Router) {
	const path = "/personal/kontaktpersoner"
	s.route(r, http.MethodGet, path, auth.ActionInviteContacts, s.contactInvites)
	// Creating an account asks for the second factor again, as the admins'
	// invitations do.
	s.sensitiveRoute(r, http.MethodPost, path, auth.ActionInviteContacts, path, s.inviteContact)
	s.sensitiveRoute(r, http.MethodPost, path+"/{id}/inbjudan", auth.ActionInviteContacts, path, s.reinviteContact)
}

// staffPersonRoutes answer a GDPR access request: everything the portal
// holds about one person, found by e-mail address, on screen or as JSON.
// Account details are in it, so like user administration it is for admins.
func (s *Server) staffPersonRoutes(r chi.Router) {
	s.sensitiveRoute(r, http.MethodGet, "/personal/personuppgifter", auth.ActionManageUsers, "", s.personData)
	s.sensitiveRoute(r, http.MethodGet, "/personal/personuppgifter.json", auth.ActionManageUsers, "", s.personDataJSON)
	s.sensitiveRoute(r, http.MethodGet, "/personal/personuppgifter/ersattare", auth.ActionManageUsers, "", s.confirmRemoval(s.substituteErasure))
	s.sensitiveRoute(r, http.MethodPost, "/personal/personuppgifter/ersattare", auth.ActionManageUsers, "/personal/personuppgifter", s.removal(s.substituteErasure))
}

// staffIORoutes are a round's exports and its CSV import.
func (s *Server) staffIORoutes(r chi.Router) {
	m := auth.ActionManageRounds
	s.route(r, http.MethodGet, staffRound+"/export/deltagare.csv", m, s.exportParticipants("csv"))
	s.route(r, http.MethodGet, staffRound+"/export/deltagare.xlsx", m, s.exportParticipants("xlsx"))
	s.sensitiveRoute(r, http.MethodGet, staffRound+"/export/kontakter.csv", m, "", s.exportContacts("csv"))
	s.sensitiveRoute(r, http.MethodGet, staffRound+"/export/kontakter.xlsx", m, "", s.exportContacts("xlsx"))
	s.route(r, http.MethodGet, staffRound+"/import", m, s.importForm)
	s.route(r, http.MethodPost, staffRound+"/import", m, s.importPreview)
	s.route(r, http.MethodPost, staffRound+"/import/genomfor", m, s.importCommit)
}
