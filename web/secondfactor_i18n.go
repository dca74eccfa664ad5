package web

import (
	"context"
)

// Text is a catalogue message in the context's language, for handlers that
// put messages into Errors or the flash.
func Text(ctx context.Context, id string) string { return t(ctx, id) }

// Textf is Text with fmt.Sprintf's verbs filled in.
func Textf(ctx context.Context, id string, args ...any) string { return tf(ctx, id, args...) }

func init() {
	for id, m := range secondFactorMessages {
		messages[id] = m
	}
}

// secondFactorMessages are the texts of the second-factor pages, and of the
// form parts they share with other pages.
var secondFactorMessages = map[string]message{
	"form.problem":          {"Det finns ett problem", "There is a problem"},
	"form.error":            {"Fel:", "Error:"},
	"form.title":            {"Fel: %s", "Error: %s"},
	"sf.title":              {"Tvåstegsverifiering", "Two-step verification"},
	"sf.verify.title":       {"Bekräfta att det är du", "Confirm that it is you"},
	"sf.verify.signin":      {"Du har angett rätt lösenord. Logga in med ditt andra steg också.", "Your password is right. Now sign in with your second step too."},
	"sf.verify.stepup":      {"Det du vill göra rör personuppgifter eller konton. Bekräfta med ditt andra steg, eftersom det var mer än 15 minuter sedan du gjorde det.", "What you are about to do concerns personal data or accounts. Confirm with your second step, as you last did so more than 15 minutes ago."},
	"sf.passkey.use":        {"Använd nyckel", "Use passkey"},
	"sf.passkey.or":         {"Eller skriv en kod:", "Or type a code:"},
	"sf.code":               {"Kod från autentiseringsappen", "Code from the authenticator app"},
	"sf.code.hint":          {"Sex siffror som appen visar för Modellportalen.", "Six digits that the app shows for Modellportalen."},
	"sf.code.submit":        {"Fortsätt", "Continue"},
	"sf.recovery":           {"Använd en reservkod", "Use a recovery code"},
	"sf.recovery.code":      {"Reservkod", "Recovery code"},
	"sf.recovery.hint":      {"En av de tio koder du sparade när du aktiverade tvåstegsverifiering. Varje kod fungerar en gång.", "One of the ten codes you saved when you set up two-step verification. Each code works once."},
	"sf.recovery.submit":    {"Använd reservkoden", "Use the recovery code"},
	"sf.lost":               {"Har du tappat både appen, nyckeln och reservkoderna? Be en administratör hos SKR att nollställa din tvåstegsverifiering.", "Lost the app, the passkey and the recovery codes? Ask an administrator at SKR to reset your two-step verification."},
	"sf.cancel":             {"Avbryt och logga ut", "Cancel and sign out"},
	"sf.err.code":           {"Koden stämmer inte. Skriv de sex siffror appen visar just nu.", "The code is not right. Type the six digits the app shows now."},
	"sf.err.code.empty":     {"Skriv koden från appen.", "Type the code from the app."},
	"sf.err.recovery":       {"Reservkoden stämmer inte eller är redan använd.", "The recovery code is wrong or has been used already."},
	"sf.err.recovery.empty": {"Skriv en reservkod.", "Type a recovery code."},
	"sf.err.locked":         {"För många felaktiga försök. Vänta en kvart och försök igen.", "Too many wrong attempts. Wait a quarter of an hour and try again."},
	"sf.err.passkey":        {"Nyckeln kunde inte användas. Försök igen eller skriv en kod.", "The passkey could not be used. Try again or type a code."},
	"sf.recovery.left":      {"Du använde en reservkod. Du har %d kvar. Har du tappat appen eller nyckeln? Lägg till en ny här, och skapa nya reservkoder innan de tar slut.", "You used a recovery code. You have %d left. Lost your app or passkey? Add a new one here, and make new recovery codes before they run out."},

	"sf.setup.title":        {"Tvåstegsverifiering", "Two-step verification"},
	"sf.setup.required":     {"Ditt konto ger tillgång till personuppgifter och måste därför skyddas med ett andra steg efter lösenordet. Välj ett av sätten nedan. Du når portalen när det är klart.", "Your account gives access to personal data and must therefore be protected by a second step after the password. Choose one of the ways below. You reach the portal once it is done."},
	"sf.setup.optional":     {"Ett andra steg efter lösenordet skyddar ditt konto om någon kommer över lösenordet.", "A second step after the password protects your account if someone gets hold of the password."},
	"sf.passkeys":           {"Nycklar (passkeys)", "Passkeys"},
	"sf.passkeys.about":     {"En nyckel finns i din dator, telefon eller säkerhetsnyckel och låses upp med fingeravtryck, ansikte eller pinkod. Det är det säkraste och enklaste sättet.", "A passkey lives in your computer, phone or security key and is unlocked with a fingerprint, face or PIN. It is the safest and simplest way."},
	"sf.passkeys.none":      {"Du har inga nycklar.", "You have no passkeys."},
	"sf.passkey.name":       {"Namn", "Name"},
	"sf.passkey.added":      {"Tillagd", "Added"},
	"sf.passkey.used":       {"Senast använd", "Last used"},
	"sf.passkey.remove":     {"Ta bort", "Remove"},
	"sf.passkey.add":        {"Lägg till en nyckel", "Add a passkey"},
	"sf.passkey.label":      {"Namn på nyckeln", "Name of the passkey"},
	"sf.passkey.label.hint": {"Så att du känner igen den, till exempel ”Jobbdatorn”.", "So that you recognise it, for example “Work laptop”."},
	"sf.passkey.nojs":       {"Att lägga till en nyckel kräver JavaScript och en webbläsare som stöder nycklar. Använd annars en autentiseringsapp.", "Adding a passkey needs JavaScript and a browser that supports passkeys. Otherwise use an authenticator app."},
	"sf.app":                {"Autentiseringsapp", "Authenticator app"},
	"sf.app.about":          {"En app i telefonen, till exempel Microsoft Authenticator, Google Authenticator eller FreeOTP, visar en ny kod var 30:e sekund.", "An app on your phone, for example Microsoft Authenticator, Google Authenticator or FreeOTP, shows a new code every 30 seconds."},
	"sf.app.on":             {"Autentiseringsapp är aktiverad.", "An authenticator app is set up."},
	"sf.app.setup":          {"Aktivera autentiseringsapp", "Set up an authenticator app"},
	"sf.app.replace":        {"Byt till en annan app", "Switch to another app"},
	"sf.app.remove":         {"Ta bort autentiseringsappen", "Remove the authenticator app"},
	"sf.codes":              {"Reservkoder", "Recovery codes"},
	"sf.codes.left":         {"Du har %d oanvända reservkoder.", "You have %d unused recovery codes."},
	"sf.codes.new":          {"Skapa nya reservkoder", "Make new recovery codes"},
	"sf.codes.new.hint":     {"De gamla koderna slutar då att fungera.", "The old codes then stop working."},
	"sf.last":               {"Det sista andra steget kan inte tas bort: ditt konto måste ha ett. Lägg till ett annat först.", "The last second step cannot be removed: your account must have one. Add another first."},

	"sf.totp.title":   {"Aktivera autentiseringsapp", "Set up an authenticator app"},
	"sf.totp.step1":   {"Öppna appen och lägg till ett konto genom att skanna QR-koden.", "Open the app and add an account by scanning the QR code."},
	"sf.totp.qr":      {"QR-kod för autentiseringsappen", "QR code for the authenticator app"},
	"sf.totp.manual":  {"Kan du inte skanna? Skriv in den här nyckeln i appen (tidsbaserad, 6 siffror):", "Cannot scan? Type this key into the app (time-based, 6 digits):"},
	"sf.totp.step2":   {"Skriv sedan koden som appen visar.", "Then type the code the app shows."},
	"sf.totp.submit":  {"Aktivera", "Set up"},
	"sf.totp.done":    {"Autentiseringsappen är aktiverad.", "The authenticator app is set up."},
	"sf.totp.removed": {"Autentiseringsappen är borttagen.", "The authenticator app is removed."},

	"sf.codes.title":    {"Spara dina reservkoder", "Save your recovery codes"},
	"sf.codes.about":    {"Med en reservkod loggar du in om du inte har appen eller nyckeln till hands. Varje kod fungerar en gång. Skriv ut dem eller spara dem i en lösenordshanterare – de visas bara nu.", "A recovery code signs you in when you do not have the app or the passkey at hand. Each code works once. Print them or keep them in a password manager – they are shown only now."},
	"sf.codes.list":     {"Reservkoder", "Recovery codes"},
	"sf.codes.continue": {"Jag har sparat koderna – fortsätt", "I have saved the codes – continue"},
	"sf.passkey.done":   {"Nyckeln är tillagd.", "The passkey is added."},
	"sf.passkey.gone":   {"Nyckeln är borttagen.", "The passkey is removed."},
	"sf.enabled":        {"Tvåstegsverifiering är aktiverad för ditt konto.", "Two-step verification is on for your account."},
	"sf.disabled":       {"Tvåstegsverifiering är inte aktiverad.", "Two-step verification is off."},
	"sf.account":        {"Mitt konto", "My account"},
	"sf.manage":         {"Hantera tvåstegsverifiering", "Manage two-step verification"},
}
