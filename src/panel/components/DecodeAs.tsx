import type { Decoder } from '../../lib/decoders/types';
import { chooseDecoder, decoderChoices, endpointOf, NO_DECODER } from '../decoder-choice';
import { ProtobufButton } from './ProtobufDialog';

const AUTO = '';

/**
 * Which protocol the selected connection is read as: detected ("Auto: Socket.IO"),
 * a decoder the user picks, or none. The choice holds for the socket's endpoint
 * (origin and path) in later sessions too.
 */
interface Props {
  url: string;
  /** The detected decoder's label, if any. */
  detected: string | undefined;
  /** Every decoder the user may choose (their protobuf schemas first). */
  decoders: readonly Decoder[];
}

export function DecodeAs({ url, detected, decoders }: Props) {
  const chosen = decoderChoices.value[endpointOf(url)] ?? AUTO;
  return (
    <>
      <label class="decode-as" title={`How frames of ${endpointOf(url)} are decoded (remembered for this endpoint)`}>
        Decode as{' '}
        <select
          aria-label="Decode as"
          value={chosen}
          onChange={(e) => chooseDecoder(url, e.currentTarget.value === AUTO ? undefined : e.currentTarget.value)}
        >
          <option value={AUTO}>Auto{chosen === AUTO ? `: ${detected ?? 'none found'}` : ''}</option>
          {decoders.map((d) => (
            <option key={d.label} value={d.label}>
              {d.label}
            </option>
          ))}
          <option value={NO_DECODER}>None (raw frames)</option>
        </select>
      </label>
      <ProtobufButton url={url} />
    </>
  );
}
