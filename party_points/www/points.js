// The member's page: the application, reward and objection forms post to party_points.portal and reload
// the page on success. Plain DOM and fetch: nothing of the desk is loaded. Messages come translated from
// the server (#pp-messages).
(function () {
	const messagesEl = document.getElementById("pp-messages");
	if (!messagesEl) return;
	const t = JSON.parse(messagesEl.textContent || "{}");

	function text_of(html) {
		const doc = new DOMParser().parseFromString(String(html || ""), "text/html");
		return (doc.body.textContent || "").trim();
	}

	function error_of(body) {
		try {
			const messages = JSON.parse(body._server_messages || "[]").map((m) => {
				const parsed = typeof m === "string" ? JSON.parse(m) : m;
				return text_of(parsed.message || parsed);
			});
			if (messages.length) return messages.join(" ");
		} catch (e) {
			/* fall through */
		}
		if (body.exception) return text_of(String(body.exception).replace(/^[\w.]+Error: /, ""));
		return t.failed;
	}

	async function call(method, body) {
		const headers = { Accept: "application/json", "X-Frappe-CSRF-Token": window.frappe?.csrf_token || "" };
		let payload = body;
		if (!(body instanceof FormData)) {
			headers["Content-Type"] = "application/json";
			payload = JSON.stringify(body);
		}
		let response;
		try {
			response = await fetch(`/api/method/${method}`, { method: "POST", headers, body: payload, credentials: "same-origin" });
		} catch (e) {
			throw new Error(t.offline);
		}
		const data = await response.json().catch(() => ({}));
		if (!response.ok) throw new Error(error_of(data));
		return data.message;
	}

	function busy(form, on, message, kind) {
		form.querySelectorAll("button").forEach((b) => (b.disabled = on));
		const out = form.querySelector(".pp-message");
		if (out) {
			out.textContent = message || "";
			out.className = "pp-message" + (kind ? " " + kind : "");
		}
	}

	async function run(form, work) {
		busy(form, true, t.saving);
		try {
			await work();
			busy(form, true, t.saved, "ok");
			window.location.reload();
		} catch (e) {
			busy(form, false, e.message || t.failed, "error");
		}
	}

	// The application: a list of tasks, a self-score, the department head.
	const application = document.getElementById("application-form");
	if (application) {
		const list = application.querySelector("#task-list");
		const template = application.querySelector("#task-template");
		const add = (task) => {
			const node = template.content.firstElementChild.cloneNode(true);
			node.querySelector("textarea").value = task?.task || "";
			if (task?.completion) node.querySelector("select").value = task.completion;
			node.querySelector(".remove-task").addEventListener("click", () => {
				node.remove();
				if (!list.children.length) add();
			});
			list.appendChild(node);
			return node;
		};
		const existing = JSON.parse(application.dataset.tasks || "[]");
		(existing.length ? existing : [null]).forEach(add);
		application.querySelector("#add-task").addEventListener("click", () => add().querySelector("textarea").focus());
		application.addEventListener("submit", (event) => {
			event.preventDefault();
			const submit = event.submitter && event.submitter.value === "1";
			if (submit && !window.confirm(t.confirm_submit)) return;
			const tasks = [...list.querySelectorAll(".pp-task")].map((node) => ({
				task: node.querySelector("textarea").value,
				completion: node.querySelector("select").value,
			}));
			run(application, () =>
				call("party_points.portal.save_application", {
					tasks,
					self_score: application.elements.self_score.value,
					department_head: application.elements.department_head.value,
					submit: submit ? 1 : 0,
				})
			);
		});
	}

	// A reward claim with its evidence; a large photo is scaled down first (a slow connection).
	async function shrink(file) {
		if (!/^image\/(jpeg|png)$/.test(file.type) || file.size < 1.5 * 1024 * 1024 || !window.createImageBitmap) return file;
		try {
			const image = await createImageBitmap(file);
			const ratio = Math.min(1, 1600 / Math.max(image.width, image.height));
			const canvas = document.createElement("canvas");
			canvas.width = Math.round(image.width * ratio);
			canvas.height = Math.round(image.height * ratio);
			canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
			const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
			return blob ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" }) : file;
		} catch (e) {
			return file;
		}
	}

	const reward = document.getElementById("reward-form");
	if (reward) {
		reward.addEventListener("submit", (event) => {
			event.preventDefault();
			const file = reward.elements.evidence.files[0];
			if (!file) {
				busy(reward, false, t.need_file, "error");
				return;
			}
			run(reward, async () => {
				const body = new FormData();
				body.append("reward_type", reward.elements.reward_type.value);
				body.append("claim_date", reward.elements.claim_date.value);
				body.append("description", reward.elements.description.value);
				const upload = await shrink(file);
				body.append("evidence", upload, upload.name);
				return call("party_points.portal.claim_reward", body);
			});
		});
	}

	// An objection to one's own score during the notice.
	const objection = document.getElementById("objection-form");
	if (objection) {
		objection.addEventListener("submit", (event) => {
			event.preventDefault();
			const reason = objection.elements.reason.value.trim();
			if (!reason) {
				busy(objection, false, t.need_reason, "error");
				return;
			}
			if (!window.confirm(t.confirm_object)) return;
			run(objection, () =>
				call("party_points.portal.lodge_objection", { member_score: objection.dataset.score, reason })
			);
		});
	}
})();
