package store

import "modellportalen/internal/portal"

// The store returns these read models of the portal package under their
// familiar names.
type (
	AuditEntry           = portal.AuditEntry
	RoundDelegate        = portal.RoundDelegate
	PersonRecord         = portal.PersonRecord
	PersonDelegate       = portal.PersonDelegate
	PersonAccount        = portal.PersonAccount
	OutboxMessage        = portal.OutboxMessage
	Mail                 = portal.Mail
	ContactParticipation = portal.ContactParticipation
)
