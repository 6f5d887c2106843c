import { toString as qrToSvg } from 'qrcode';
import { useEffect, useState } from 'react';

/**
 * The animated BankID QR code: drawn again each time `data` changes (every second). Loaded on
 * demand, so the QR library stays out of the other pages' code.
 */
export default function BankIdQrImage({ data, alt, loadingText }: { data: string; alt: string; loadingText: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    qrToSvg(data, { type: 'svg', errorCorrectionLevel: 'L', margin: 4 })
      .then((drawn) => {
        if (current) setSvg(drawn);
      })
      .catch(() => undefined); // keep the previous code; the next second brings a new one
    return () => {
      current = false;
    };
  }, [data]);
  return svg ? (
    <img
      className="bankid-qr-image"
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      alt={alt}
      width={240}
      height={240}
    />
  ) : (
    <p className="loading">{loadingText}</p>
  );
}
