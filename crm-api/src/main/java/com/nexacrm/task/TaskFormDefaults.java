package com.nexacrm.task;

import java.util.Map;

/**
 * Values a process task's completion carries when the person completing it leaves them
 * out, computed at completion time by the module that knows them. The form's own
 * validated values always win.
 */
public interface TaskFormDefaults {

	/**
	 * The defaults for a form, in the current organisation.
	 * @param formKey the task's form key, for example {@code assign-lead}
	 * @return the variables to send unless the form's values name them; empty for a form
	 * this module does not know
	 */
	Map<String, Object> defaultsFor(String formKey);

}
