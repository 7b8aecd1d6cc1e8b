// Draws the per-day table (#daily) as a chart: API and ad revenue as stacked bars, hosting payouts
// as a line. The table stays the accessible source of the figures.
(function () {
  var canvas = document.getElementById('trend-chart');
  var table = document.getElementById('daily');
  if (!canvas || !table || typeof Chart === 'undefined') { return; }
  var labels = [], api = [], ad = [], hosting = [];
  table.querySelectorAll('tbody tr').forEach(function (row) {
    labels.push(row.dataset.day);
    api.push(Number(row.dataset.api));
    ad.push(Number(row.dataset.ad));
    hosting.push(Number(row.dataset.hosting));
  });
  var grouped = new Intl.NumberFormat('en-US');
  new Chart(canvas, {
    data: {
      labels: labels,
      datasets: [
        { type: 'bar', label: 'API revenue', data: api, backgroundColor: '#1f5fbf', stack: 'gross', order: 2 },
        { type: 'bar', label: 'Ad revenue', data: ad, backgroundColor: '#7aa7e8', stack: 'gross', order: 2 },
        { type: 'line', label: 'Hosting payouts', data: hosting, borderColor: '#e07b00', backgroundColor: '#e07b00', tension: 0.2, stack: 'hosting', order: 1 }
      ]
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true },
        y: { stacked: true, beginAtZero: true, title: { display: true, text: 'tokens' }, ticks: { callback: function (v) { return grouped.format(v); } } }
      },
      plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ': ' + grouped.format(c.parsed.y); } } } }
    }
  });
}());
