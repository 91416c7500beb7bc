/**
 * A prediction API for privet models: {@link org.privet.serve.PredictionServer} (Javalin 7 on Jetty
 * 12) with the output defences of {@link org.privet.serve.defence}, hashed API keys
 * ({@link org.privet.serve.ApiKeys}) with per-key budgets and rate limits ({@link org.privet.serve.KeyPolicy}),
 * request limits, a JSON-lines query log ({@link org.privet.serve.QueryLog}) and the PRADA extraction
 * monitor ({@link org.privet.serve.monitor}); configured by {@link org.privet.serve.ServeConfig}.
 * The matching client is {@link org.privet.serve.client.RemoteClassifier}.
 */
package org.privet.serve;
