package com.nexacrm.task;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Size;

import com.nexacrm.platform.web.ApiProblem;
import com.nexacrm.security.Requires;
import com.nexacrm.task.TaskForms.TaskForm;
import com.nexacrm.tenant.Permission;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/forms")
@Validated
@Tag(name = "Forms", description = "The forms of user tasks: the fields completing a task sends to its process")
class FormController {

	private final TaskForms forms;

	FormController(TaskForms forms) {
		this.forms = forms;
	}

	@GetMapping("/{formKey}")
	@Requires(Permission.TASK_READ)
	@Operation(summary = "A user task's form by its formKey: fields with type, requirement, options and labels")
	TaskForm get(@PathVariable @Size(max = 300) String formKey) {
		return this.forms.find(formKey).orElseThrow(() -> ApiProblem.notFound("Form"));
	}

}
