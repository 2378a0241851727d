package com.nexacrm.record;

/** How a field's value is validated, stored, compared and written to CSV. */
public enum FieldType {

	TEXT, EMAIL, URL, PHONE, DECIMAL, INTEGER, DATE, TIMESTAMP, BOOLEAN, REFERENCE, ENUM, TAGS, CURRENCY_CODE,

	/** A custom single select: one of the field's options. */
	SELECT,

	/** A custom multi select: several of the field's options. */
	MULTI_SELECT

}
