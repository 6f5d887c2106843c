import { getDefaultFormState, type RJSFSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { describe, expect, it } from 'vitest';
import { attachmentErrorsOnTheirField, skipsMinItemsFiller, withAttachmentWidgets } from './attachments';

const schema: RJSFSchema = {
  type: 'object',
  required: ['drawings'],
  properties: {
    drawings: { type: 'array', items: { type: 'string', format: 'attachment-id' }, minItems: 1, maxItems: 5 },
    children: { type: 'array', minItems: 1, items: { type: 'object', properties: { name: { type: 'string' }, photos: { type: 'array', items: { type: 'string', format: 'attachment-id' } } } } },
  },
};
const uiSchema = withAttachmentWidgets(
  { drawings: { 'ui:options': { accept: ['application/pdf'], maxBytes: 1000 } }, children: { items: { photos: { 'ui:options': { accept: ['image/jpeg'] } } } } },
  schema as never,
) as Record<string, Record<string, unknown>>;

describe('the attachment widget', () => {
  it('draws every attachment field, also one in a repeating group, whose uiSchema rjsf reads under "items"', () => {
    expect(uiSchema.drawings).toEqual({ 'ui:widget': 'attachment-id', 'ui:options': { accept: ['application/pdf'], maxBytes: 1000, attachmentField: 'drawings' } });
    expect(uiSchema.children).toEqual({
      items: { photos: { 'ui:widget': 'attachment-id', 'ui:options': { accept: ['image/jpeg'], attachmentField: 'children.photos' } } },
    });
  });
});

describe('a multi-file field', () => {
  it('starts with no files, while other groups still get their minItems rows', () => {
    const filled = getDefaultFormState(validator, schema, undefined, schema, false, { arrayMinItems: { computeSkipPopulate: skipsMinItemsFiller } });
    expect(filled).toEqual({ drawings: [], children: [{}] });
    // what rjsf does by itself: an empty item, a file that is not there
    expect(getDefaultFormState(validator, schema, undefined, schema)).toMatchObject({ drawings: [undefined] });
  });

  it('has the errors of its items on the field, also inside a repeating group; other item errors stay', () => {
    const error = (property: string) => ({ property, name: 'type', message: 'x', stack: 'x', params: {}, schemaPath: '' });
    const moved = attachmentErrorsOnTheirField([error('.drawings.0'), error('.children.2.photos.1'), error('.children.2.name'), error('.children.3')], uiSchema);
    expect(moved.map((e) => e.property)).toEqual(['.drawings', '.children.2.photos', '.children.2.name', '.children.3']);
  });
});
