/* One-time form tokens (web/forms/once.py): copy each form's token into its text twin.
   A browser restores a text input's value on 后退 (never a type=hidden one), so a resubmitted
   form sends the token it was first sent with. A value already there was restored: keep it. */
(function () {
  var inputs = document.querySelectorAll("input[data-form-token]");
  for (var i = 0; i < inputs.length; i++) {
    if (!inputs[i].value) inputs[i].value = inputs[i].getAttribute("data-form-token");
  }
})();
