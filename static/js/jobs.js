/* The job page: poll the job's status (GET /api/v1/jobs/{id}/) and move the progress bar;
   once the job has finished, reload the page, which then shows the result or the error. */
(function () {
  var box = document.querySelector("[data-job-status-url]");
  if (!box || box.getAttribute("data-job-finished") === "1") return;
  var url = box.getAttribute("data-job-status-url");
  var bar = box.querySelector("[data-testid=job-progress]");
  var text = box.querySelector("[data-testid=job-progress-text]");
  var status = box.querySelector("[data-testid=job-status]");
  var delay = 1000;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (job) {
        if (job.status === "succeeded" || job.status === "failed") {
          window.location.reload();
          return;
        }
        if (bar) bar.value = job.progress.percent;
        if (text) text.textContent = job.progress.done + "/" + job.progress.total + "（" + job.progress.percent + "%）";
        if (status) status.textContent = job.status_label;
        delay = Math.min(delay * 1.5, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 15000);
        window.setTimeout(poll, delay);
      });
  }
  window.setTimeout(poll, delay);
})();
