package web

// The addresses of the signed-in pages: a round's staff pages, records'
// histories and an organisation's own pages. They are built here alone, so
// that the pages' links and the handlers' redirects agree.

// StaffRoundPath is the round's staff page, or with rest one below it.
func StaffRoundPath(roundID int64, rest string) string {
	return "/personal/omgangar/" + itoa64(roundID) + rest
}

// SourcesPath is the staff page of the sources of a fact of the round,
// the subject being, e.g., "deltagare-12" or "grupp-3".
func SourcesPath(roundID int64, subject string) string {
	return StaffRoundPath(roundID, "/kallor/"+subject)
}

// HistoryPath is the change history of a record of a table.
func HistoryPath(table string, id int64) string {
	return "/personal/historik/" + table + "/" + itoa64(id)
}

// GroupPath is a benchmarking group's staff page.
func GroupPath(roundID, groupID int64) string {
	return StaffRoundPath(roundID, "/grupper/"+itoa64(groupID))
}

// MeetingPath is a learning meeting's staff page.
func MeetingPath(roundID, meetingID int64) string {
	return StaffRoundPath(roundID, "/traffar/"+itoa64(meetingID))
}

// ParticipationPath is a participation's staff page.
func ParticipationPath(roundID, participationID int64) string {
	return StaffRoundPath(roundID, "/deltagare/"+itoa64(participationID))
}

// MinutesPath is the staff page of a meeting's minutes.
func MinutesPath(roundID, meetingID int64) string {
	return MeetingPath(roundID, meetingID) + "/protokoll"
}

// ContactPath is the organisation's own page, or with rest one below it.
func ContactPath(orgID int64, rest string) string {
	return "/mina-sidor/organisationer/" + itoa64(orgID) + rest
}

// WorkPath is an improvement work's page.
func WorkPath(orgID, workID int64) string {
	return ContactPath(orgID, "/forbattringsarbeten/"+itoa64(workID))
}

// IndicatorPath is the page of an indicator of an improvement work.
func IndicatorPath(orgID, workID, indicatorID int64) string {
	return WorkPath(orgID, workID) + "/indikatorer/" + itoa64(indicatorID)
}

// ResultPath is the page of a result of an improvement work.
func ResultPath(orgID, workID, resultID int64) string {
	return WorkPath(orgID, workID) + "/resultat/" + itoa64(resultID)
}

// DelegatePath is a delegate's page.
func DelegatePath(orgID, delegateID int64) string {
	return ContactPath(orgID, "/delegater/"+itoa64(delegateID))
}

// DelegationRepliesPath is the page of the organisation's replies to a meeting.
func DelegationRepliesPath(orgID, meetingID int64) string {
	return ContactPath(orgID, "/traffar/"+itoa64(meetingID)+"/svar")
}

// HostMinutesPath is the host contact's page of a meeting's minutes.
func HostMinutesPath(orgID, meetingID int64) string {
	return ContactPath(orgID, "/traffar/"+itoa64(meetingID)+"/protokoll")
}

// TaskDonePath is where the owner's contact marks a task done.
func TaskDonePath(orgID, outcomeID int64) string {
	return ContactPath(orgID, "/uppgifter/"+itoa64(outcomeID)+"/klar")
}

// TaskReopenPath is where the owner's contact opens a done task again.
func TaskReopenPath(orgID, outcomeID int64) string {
	return ContactPath(orgID, "/uppgifter/"+itoa64(outcomeID)+"/oppna")
}

// MentorRemovalPath is where a project leader removes a mentor from a group.
func MentorRemovalPath(roundID, groupID, orgID int64) string {
	return GroupPath(roundID, groupID) + "/mentorer/" + itoa64(orgID) + "/ta-bort"
}

// OutcomePath is what is done to an outcome listed on the minutes page at
// base: "ta-bort" from a project leader's or the host contact's page,
// "klar" and "oppna" from a project leader's (an owner's contact marks
// tasks at TaskDonePath and TaskReopenPath).
func OutcomePath(base string, outcomeID int64, action string) string {
	return base + "/utfall/" + itoa64(outcomeID) + "/" + action
}

// ReviewPath is a learning example's review page, or with rest one below it.
func ReviewPath(workID int64, rest string) string {
	return "/personal/larande-exempel/" + itoa64(workID) + rest
}
