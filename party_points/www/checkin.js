// The check-in page: once the code and the member have been checked on the server, check in (one POST).
(function () {
	const card = document.getElementById("checkin");
	if (!card || card.dataset.ready !== "1") return;
	const t = JSON.parse(document.getElementById("pp-checkin-messages").textContent || "{}");
	const result = card.querySelector(".pp-result");
	const mark = card.querySelector(".pp-mark");

	function text_of(html) {
		return (new DOMParser().parseFromString(String(html || ""), "text/html").body.textContent || "").trim();
	}

	function show(ok, message) {
		card.classList.add(ok ? "ok" : "error");
		mark.textContent = ok ? "✓" : "✗";
		result.textContent = message;
	}

	async function check_in() {
		let response, data;
		try {
			response = await fetch("/api/method/party_points.portal.check_in", {
				method: "POST",
				credentials: "same-origin",
				headers: {
					Accept: "application/json",
					"Content-Type": "application/json",
					"X-Frappe-CSRF-Token": window.frappe?.csrf_token || "",
				},
				body: JSON.stringify({ token: card.dataset.token }),
			});
			data = await response.json().catch(() => ({}));
		} catch (e) {
			show(false, t.offline);
			return;
		}
		if (response.ok) {
			show(true, t.done.replace("{0}", data.message.status_label));
			return;
		}
		let message = t.failed;
		try {
			const list = JSON.parse(data._server_messages || "[]").map((m) => text_of(JSON.parse(m).message));
			if (list.length) message = list.join(" ");
		} catch (e) {
			/* keep the generic message */
		}
		show(false, message);
	}

	check_in();
})();
