/**
 * Where links to a municipality's citizens lead (e-mails, calendar files): its own host name over
 * https when it has one, else the installation's PUBLIC_URL. The portal serves every page on a
 * municipality's own host name as on PUBLIC_URL (its start page opens the municipality's
 * catalogue: ownHostStartPage), so a path stays the same under either address.
 */
export const citizenBaseUrl = (publicUrl: string, hostName: string | null | undefined): string => (hostName ? `https://${hostName}` : publicUrl);
