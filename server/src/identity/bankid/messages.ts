import { bilingual, type BilingualMessage } from '@etjanst/schemas';
import type { BankIdError } from './client.js';

/**
 * BankID's recommended user messages (developers.bankid.com, "Recommended user messages"). People
 * know these texts from other services, so we use them as written; the one change is BankID's
 * typo "gitligt" in RFA15B. RFA14A/B belong to orders started with a personal number.
 */
export const RFA = {
  RFA1: bilingual('Starta BankID-appen.', 'Start your BankID app.'),
  RFA2: bilingual('Du verkar inte ha BankID-appen. Installera den och skaffa ett BankID.', "You don't seem to have the BankID app. Install the app and get a BankID."),
  RFA3: bilingual('Åtgärden avbröts. Försök igen.', 'The action was cancelled. Please try again.'),
  RFA4: bilingual(
    'En identifiering eller underskrift pågår redan för ditt personnummer. Försök igen.',
    'An identification or signature is already in progress for your personal identity number. Please try again.',
  ),
  RFA5: bilingual('Något gick fel. Försök igen.', 'Something went wrong. Please try again.'),
  RFA6: bilingual('Åtgärden avbröts.', 'The action was cancelled.'),
  RFA8: bilingual(
    'BankID-appen svarar inte. Kontrollera att den är startad och att du har internetanslutning. Försök sedan igen.',
    'The BankID app is not responding. Please check that it’s started and that you have internet access. Try again.',
  ),
  RFA9: bilingual('Skriv in din säkerhetskod i BankID-appen och välj Identifiera eller Skriv under.', 'Enter your security code in the BankID app and select Identify or Sign.'),
  RFA13: bilingual('Försöker starta BankID-appen.', 'Trying to start your BankID app.'),
  RFA14A: bilingual(
    'Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen/underskriften i den här datorn. Om du har ett BankID-kort, sätt in det i kortläsaren. Om du inte har något BankID kan du skaffa ett hos din bank. Om du har ett BankID på en annan enhet kan du starta din BankID-app där.',
    'Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification/signing on this computer. If you have a BankID card, please insert it into your card reader. If you don’t have a BankID you can get one from your bank. If you have a BankID on another device you can start the BankID app on that device.',
  ),
  RFA14B: bilingual(
    'Söker efter BankID, det kan ta en liten stund … Om det har gått några sekunder och inget BankID har hittats har du sannolikt inget BankID som går att använda för den aktuella identifieringen/underskriften i den här enheten. Om du inte har något BankID kan du skaffa ett hos din bank. Om du har ett BankID på en annan enhet kan du starta din BankID-app där.',
    'Searching for BankID, it may take a little while … If a few seconds have passed and still no BankID has been found, you probably don’t have a BankID which can be used for this identification/signing on this device. If you don’t have a BankID you can get one from your bank. If you have a BankID on another device you can start the BankID app on that device.',
  ),
  RFA15A: bilingual(
    'Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här datorn. Om du har ett BankID på kort, sätt in kortet i kortläsaren.',
    'Searching for BankID. Make sure you have a valid BankID on this computer. If you have a BankID on card, please insert the card into your card reader.',
  ),
  RFA15B: bilingual('Söker efter BankID. Säkerställ att du har ett giltigt BankID på den här enheten.', 'Searching for BankID. Make sure you have a valid BankID on this device.'),
  RFA16: bilingual(
    'Ditt BankID är för gammalt eller spärrat. Använd ett annat BankID eller skaffa ett nytt hos din bank.',
    'Your BankID is blocked or too old. Please use another BankID or get a new one from your bank.',
  ),
  RFA17A: bilingual(
    'Du verkar inte ha BankID-appen/programmet. Installera den och skaffa ett BankID hos din bank.',
    "You don't seem to have the BankID app/program. Please install it and get a BankID from your bank.",
  ),
  RFA17B: bilingual('Misslyckades att läsa av QR-koden. Starta BankID-appen och läs av QR-koden.', 'Failed to scan the QR code. Start the BankID app and scan the QR code.'),
  RFA19: bilingual('Vill du använda BankID på den här datorn eller ett Mobilt BankID?', 'Would you like to use BankID on this computer, or a Mobile BankID?'),
  RFA20: bilingual('Vill du använda BankID på den här enheten eller på en annan enhet?', 'Do you want to use BankID on this device or another device?'),
  RFA21: bilingual('En identifiering eller underskrift pågår.', 'An identification or signing is in progress.'),
  RFA22: bilingual('Något gick fel. Försök igen.', 'Something went wrong. Please try again.'),
  RFA23: bilingual('Fotografera och läs av din ID-handling med BankID-appen.', 'Take a photo of, and scan, your ID document with the BankID app.'),
} as const satisfies Record<string, BilingualMessage>;

export interface OrderSituation {
  status: 'pending' | 'failed';
  hintCode: string | null;
  /** The user scans a QR code with another device (false: the app was started on this device). */
  qr: boolean;
  /** The device the browser runs on; chooses between the A (computer) and B (phone) texts. */
  device?: 'computer' | 'mobile';
  /** The order named the person (requirement.personalNumber). */
  personalNumberGiven?: boolean;
}

/** The message BankID's guidelines prescribe for a collect answer; unknown codes get RFA21 / RFA22. */
export function messageForStatus({ status, hintCode, qr, device = 'computer', personalNumberGiven = false }: OrderSituation): BilingualMessage {
  const onComputer = device === 'computer';
  if (status === 'pending') {
    switch (hintCode) {
      case 'outstandingTransaction':
        return qr ? RFA.RFA1 : RFA.RFA13;
      case 'noClient':
        return RFA.RFA1;
      case 'started':
        if (personalNumberGiven) return onComputer ? RFA.RFA14A : RFA.RFA14B;
        return onComputer ? RFA.RFA15A : RFA.RFA15B;
      case 'userMrtd':
        return RFA.RFA23;
      case 'userSign':
        return RFA.RFA9;
      default: // userCallConfirm has no text of its own; new codes land here too
        return RFA.RFA21;
    }
  }
  switch (hintCode) {
    case 'expiredTransaction':
      return RFA.RFA8;
    case 'certificateErr':
      return RFA.RFA16;
    case 'userCancel':
    case 'userDeclinedCall': // the user stopped it in the app
      return RFA.RFA6;
    case 'cancelled':
      return RFA.RFA3;
    case 'startFailed':
      return qr ? RFA.RFA17B : RFA.RFA17A;
    default: // notSupportedByUserApp and unknown codes
      return RFA.RFA22;
  }
}

/** The message for a failed call to BankID; errors of our own integration are not the user's concern (RFA22). */
export function messageForError(error: BankIdError): BilingualMessage {
  switch (error.errorCode) {
    case 'alreadyInProgress':
      return RFA.RFA4;
    case 'requestTimeout':
    case 'internalError':
    case 'maintenance':
    case 'connectionFailed':
      return RFA.RFA5;
    default:
      return RFA.RFA22;
  }
}
