/**
 * The BankID relying-party API v6 (auth, sign, phone/auth, phone/sign, collect, cancel) as JSON
 * shapes. Shared by our client and the simulator, so both speak exactly the same protocol.
 */

export interface Requirement {
  /** Only this person (12 digits) may complete the order. */
  personalNumber?: string;
  pinCode?: boolean;
  mrtd?: boolean;
  cardReader?: 'class1' | 'class2';
  certificatePolicies?: string[];
}

export interface AuthRequest {
  /** The user's IP address as seen by our server (not a proxy). */
  endUserIp: string;
  requirement?: Requirement;
  /** Base64 of UTF-8 text shown in the app. */
  userVisibleData?: string;
  userVisibleDataFormat?: 'simpleMarkdownV1';
  /** Base64 of data signed but not shown. */
  userNonVisibleData?: string;
  /** Ask BankID for its risk assessment of the order (completionData.risk). */
  returnRisk?: boolean;
}

export interface SignRequest extends AuthRequest {
  userVisibleData: string;
}

/** Who called whom in a phone order: the person called the RP, or the RP called the person. */
export type CallInitiator = 'user' | 'RP';

/**
 * /phone/auth: the RP is on the phone with the person, who confirms the call in the BankID app;
 * no QR code, no autostart, no end user IP (the person is not at our web page).
 */
export interface PhoneAuthRequest {
  /** The person on the phone (12 digits); only they can complete the order. */
  personalNumber: string;
  callInitiator: CallInitiator;
  requirement?: Omit<Requirement, 'personalNumber'>;
  userVisibleData?: string;
  userVisibleDataFormat?: 'simpleMarkdownV1';
  userNonVisibleData?: string;
}

export interface PhoneSignRequest extends PhoneAuthRequest {
  userVisibleData: string;
}

export interface PhoneOrderResponse {
  orderRef: string;
}

export interface OrderResponse {
  orderRef: string;
  autoStartToken: string;
  qrStartToken: string;
  /** Never leaves our server: it keys the animated QR code. */
  qrStartSecret: string;
}

export const FAILED_HINT_CODES = [
  'expiredTransaction',
  'certificateErr',
  'userCancel',
  'cancelled',
  'startFailed',
  'userDeclinedCall',
  'notSupportedByUserApp',
] as const;
export type FailedHintCode = (typeof FAILED_HINT_CODES)[number];

export const RISK_LEVELS = ['low', 'moderate', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export interface CompletionData {
  user: { personalNumber: string; name: string; givenName: string; surname: string };
  /** A phone order's device has no IP address: the person was not at our web page. */
  device: { ipAddress?: string; uhi: string };
  stepUp?: { mrtd: boolean };
  /** YYYY-MM-DD */
  bankIdIssueDate: string;
  /** Base64 of the XML signature (XML-DSig over bankIdSignedData, the user's certificate chain in KeyInfo). */
  signature: string;
  /** Base64 of the DER OCSP response (RFC 6960) for the user's certificate. */
  ocspResponse: string;
  /** BankID's risk assessment, when the order asked for it (returnRisk). */
  risk?: RiskLevel;
}

/** hintCode is a string, not the union: BankID may add codes, and unknown ones must still be shown. */
export type CollectResponse =
  | { orderRef: string; status: 'pending'; hintCode: string }
  | { orderRef: string; status: 'failed'; hintCode: string }
  | { orderRef: string; status: 'complete'; completionData: CompletionData };

/** errorCode of a 4xx/5xx answer, with the HTTP status BankID uses for it. */
export const ERROR_STATUS = {
  alreadyInProgress: 400,
  invalidParameters: 400,
  unauthorized: 401,
  notFound: 404,
  methodNotAllowed: 405,
  requestTimeout: 408,
  unsupportedMediaType: 415,
  internalError: 500,
  maintenance: 503,
} as const;
export type BankIdErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorResponse {
  errorCode: BankIdErrorCode;
  details: string;
}
