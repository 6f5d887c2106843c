import { deleteJson, segment } from '../../shared/api';
import type { UploadedFile } from './attachments';

/** The attachment API of a published version, as the attachment widget uses it. */

const attachmentPath = (path: string, id: string) => `${path}/${segment(id)}`;

export const removeAttachment = (path: string, id: string): Promise<unknown> => deleteJson(attachmentPath(path, id));

/** Name and size of an uploaded file (HEAD: the headers without the content); undefined when it is not there. */
export async function describeAttachment(path: string, id: string, signal?: AbortSignal): Promise<UploadedFile | undefined> {
  const response = await fetch(attachmentPath(path, id), { method: 'HEAD', credentials: 'same-origin', signal });
  if (!response.ok) return undefined;
  const disposition = response.headers.get('content-disposition') ?? '';
  // RFC 6266: filename*=UTF-8''percent-encoded, or filename= quoted or a plain token
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plainMatch = /filename=(?:"([^"]*)"|([^;\s]+))/i.exec(disposition);
  const plain = plainMatch?.[1] ?? plainMatch?.[2];
  const name = encoded ? decodeURIComponent(encoded) : plain;
  return name ? { name, size: Number(response.headers.get('content-length') ?? 0) } : undefined;
}
